import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEYWORD_REPLIES } from '../../src/core/keywords';
import { EXAMPLES, flowSms, tempDir, writeJson } from './support/cli-helpers';

const followUp = [
  join(EXAMPLES, 'post-call-follow-up.flow.json'),
  '--vars',
  join(EXAMPLES, 'post-call-follow-up.vars.json'),
];
const inbound = (body: string, ...extra: string[]) => [
  'inbound',
  '--from',
  '+14155550123',
  '--to',
  '+15005550006',
  '--body',
  body,
  ...extra,
];

describe('flow-sms inbound: a flow sending through a Messaging Service', () => {
  it('STOP to the number the service texted from stops the next run, as the webhook would', async () => {
    const cwd = tempDir();
    const service = `MG${'0123456789abcdef'.repeat(2)}`;
    const flow = JSON.parse(readFileSync(join(EXAMPLES, 'post-call-follow-up.flow.json'), 'utf8'));
    flow.senders.sandbox = service;
    for (const template of flow.templates) template.senders.sandbox = service;
    const flowPath = writeJson(cwd, 'service.flow.json', flow);
    const run = async () =>
      JSON.parse((await flowSms(['run', flowPath, ...followUp.slice(1), '--json'], { cwd })).stdout).steps[2];

    const first = await run();
    expect(first).toMatchObject({ branch: 'sent', message: { from: '+15005550006' } });
    // The recipient answers the number the text came from.
    const stop = await flowSms(inbound('STOP'), { cwd });
    expect(stop.stdout).toContain(KEYWORD_REPLIES.STOP);
    const after = await run();
    expect(after.branch).toBe('opted_out');
    expect(after.message.sid).toBeNull();
  });
});

describe('flow-sms inbound (child process)', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = tempDir();
  });

  it('STOP opts the recipient out: the next run takes opted_out and sends nothing; START undoes it', async () => {
    const stop = await flowSms(inbound('Stop!'), { cwd });
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe(`compliance keyword STOP\nReply: ${KEYWORD_REPLIES.STOP}\n`);

    const blocked = await flowSms(['run', ...followUp, '--json'], { cwd });
    expect(blocked.code).toBe(0);
    const step = JSON.parse(blocked.stdout).steps[2];
    expect(step.branch).toBe('opted_out');
    expect(step.message.sid).toBeNull();
    expect(JSON.parse(blocked.stdout).steps.at(-1).nodeId).toBe('not-sent');

    const dropped = await flowSms(inbound('hello?', '--json'), { cwd });
    expect(JSON.parse(dropped.stdout)).toEqual({ action: 'dropped-opted-out', reply: null });

    const start = await flowSms(inbound('START', '--json'), { cwd });
    expect(JSON.parse(start.stdout)).toEqual({
      action: 'keyword',
      keyword: 'START',
      reply: KEYWORD_REPLIES.START,
    });
    const again = await flowSms(['run', ...followUp, '--json'], { cwd });
    expect(JSON.parse(again.stdout).steps[2].branch).toBe('sent');
  });

  it('keeps opt-outs per environment: a STOP in live does not touch sandbox', async () => {
    const dir = tempDir();
    await flowSms(inbound('STOP', '--env', 'live'), { cwd: dir });
    const run = await flowSms(['run', ...followUp, '--json'], { cwd: dir });
    expect(JSON.parse(run.stdout).steps[2].branch).toBe('sent');
  });

  it('a repeated --sid is a duplicate and changes nothing', async () => {
    const dir = tempDir();
    const sid = `SM${'e'.repeat(32)}`;
    await flowSms(inbound('STOP', '--sid', sid), { cwd: dir });
    const replay = await flowSms(inbound('START', '--sid', sid, '--json'), { cwd: dir });
    expect(JSON.parse(replay.stdout)).toEqual({ action: 'duplicate', reply: null });
    const run = await flowSms(['run', ...followUp, '--json'], { cwd: dir });
    expect(JSON.parse(run.stdout).steps[2].branch).toBe('opted_out');
  });

  it('stores a STOP under the E.164 number sends look up, however --from is written; START likewise', async () => {
    const dir = tempDir();
    const from = (written: string, body: string) => [
      'inbound',
      '--from',
      written,
      '--to',
      '+1 (500) 555-0006',
      '--body',
      body,
    ];
    const stop = await flowSms(from('+1 (415) 555-0123', 'STOP'), { cwd: dir });
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain(`Reply: ${KEYWORD_REPLIES.STOP}`);
    const blocked = await flowSms(['run', ...followUp, '--json'], { cwd: dir });
    expect(blocked.code).toBe(0);
    expect(JSON.parse(blocked.stdout).steps[2]).toMatchObject({
      branch: 'opted_out',
      message: { to: '+14155550123', sid: null },
    });

    const start = await flowSms(from('+1 415-555-0123', 'START'), { cwd: dir });
    expect(start.stdout).toContain(`Reply: ${KEYWORD_REPLIES.START}`);
    const again = await flowSms(['run', ...followUp, '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout).steps[2].branch).toBe('sent');
  });

  it('refuses a --from or --to that is not a phone number (exit 2) instead of confirming a STOP that cannot apply', async () => {
    const dir = tempDir();
    const noCountry = await flowSms(
      ['inbound', '--from', '(415) 555-0123', '--to', '+15005550006', '--body', 'STOP'],
      { cwd: dir },
    );
    expect(noCountry.code).toBe(2);
    expect(noCountry.stdout).toBe('');
    expect(noCountry.stderr).toBe(
      'flow-sms inbound: --from must be a phone number in E.164 form such as +14155550123 (got "(415) 555-0123")\n',
    );

    const help = await flowSms(['inbound', '--from', '+14155550123', '--to', 'my-number', '--body', 'HELP'], {
      cwd: dir,
    });
    expect(help.code).toBe(2);
    expect(help.stdout).toBe('');
    expect(help.stderr).toMatch(
      /^flow-sms inbound: --to must be a phone number in E\.164 form such as \+15005550006, or a Messaging Service SID .*\(got "my-number"\)\n$/,
    );
  });

  it('takes a Messaging Service SID as --to', async () => {
    const service = `MG${'a'.repeat(32)}`;
    const result = await flowSms(
      ['inbound', '--from', '+14155550123', '--to', service, '--body', 'HELP', '--json'],
      { cwd: tempDir() },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'keyword', keyword: 'HELP' });
  });

  it('HELP prints the help reply; missing flags are bad input', async () => {
    expect((await flowSms(inbound('help'), { cwd })).stdout).toContain(`Reply: ${KEYWORD_REPLIES.HELP}`);
    const missing = await flowSms(['inbound', '--from', '+14155550123', '--body', 'hi'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--to is required/);
  });
});
