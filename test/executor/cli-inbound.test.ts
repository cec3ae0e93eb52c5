import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEYWORD_REPLIES } from '../../src/core/keywords';
import { EXAMPLES, flowSms, tempDir } from './support/cli-helpers';

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

  it('HELP prints the help reply; missing flags are bad input', async () => {
    expect((await flowSms(inbound('help'), { cwd })).stdout).toContain(`Reply: ${KEYWORD_REPLIES.HELP}`);
    const missing = await flowSms(['inbound', '--from', '+14155550123', '--body', 'hi'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--to is required/);
  });
});
