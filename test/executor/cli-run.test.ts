import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, flowSms, tempDir, writeJson } from './support/cli-helpers';

const appointment = [
  join(EXAMPLES, 'appointment-confirmation.flow.json'),
  '--vars',
  join(EXAMPLES, 'appointment-confirmation.vars.json'),
];
const followUp = [
  join(EXAMPLES, 'post-call-follow-up.flow.json'),
  '--vars',
  join(EXAMPLES, 'post-call-follow-up.vars.json'),
];
const SID = /^SM[0-9a-f]{32}$/;

describe('flow-sms run (child process, embedded sandbox)', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = tempDir();
  });

  it('runs the appointment example as it is and prints a readable trace (exit 0)', async () => {
    const result = await flowSms(['run', ...appointment], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/confirm-by-sms\s+sendSms\s+-> sent/);
    expect(result.stdout).toContain(
      'consent (ask): "Would you like me to text you a confirmation with the date and time?" -> yes',
    );
    expect(result.stdout).toContain(
      'Hi Ana, your appointment at Harbor Dental is confirmed for Tuesday, March 18 at 3:30 PM.',
    );
    expect(result.stdout).toMatch(/Result: 1 sent, 0 declined, 0 opted out, 0 failed; ended at confirmed\./);
  });

  it('prints exactly { runId, steps } with --json', async () => {
    const result = await flowSms(['run', ...followUp, '--json'], { cwd });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(['runId', 'steps']);
    expect(output.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual([
      'start',
      'booking',
      'follow-up',
      'done',
    ]);
    const sms = output.steps[2];
    expect(Object.keys(sms)).toEqual(['nodeId', 'type', 'branch', 'message']);
    expect(sms).toMatchObject({ type: 'sendSms', branch: 'sent' });
    expect(Object.keys(sms.message).sort()).toEqual(['body', 'from', 'segments', 'sid', 'status', 'to']);
    expect(sms.message).toMatchObject({
      to: '+14155550123',
      from: '+15005550006',
      body: 'Thanks for calling Harbor Dental, Jordan! Your reference is HD-20931. Questions? Call us at (415) 555-0100.',
      segments: 1,
      status: 'delivered',
    });
    expect(sms.message.sid).toMatch(SID);
  });

  it('follows the declined branch with --consent no', async () => {
    const result = await flowSms(['run', ...appointment, '--consent', 'no', '--json'], { cwd });
    expect(result.code).toBe(0);
    const steps = JSON.parse(result.stdout).steps;
    expect(steps.map((s: { nodeId: string }) => s.nodeId)).toEqual([
      'start',
      'clinic',
      'confirm-by-sms',
      'note-declined',
      'no-text',
    ]);
    expect(steps[2].branch).toBe('declined');
  });

  it('exits 1 when a send fails, with Twilio’s code in the step', async () => {
    const result = await flowSms(['run', ...followUp, '--caller', '+15005550001', '--json'], { cwd });
    expect(result.code).toBe(1);
    const step = JSON.parse(result.stdout).steps[2];
    expect(step.branch).toBe('failed');
    expect(step.error.code).toBe('21211');
  });

  it('reads numbers written without a country code as dialled in --country', async () => {
    const result = await flowSms(
      ['run', ...followUp, '--caller', '(415) 555-0163', '--country', 'us', '--json'],
      {
        cwd,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const sent = JSON.parse(result.stdout).steps.find((step: { branch?: string }) => step.branch === 'sent');
    expect(sent.message.to).toBe('+14155550163');
  });

  it('answers an sms-reply consent question by texting --consent back through the inbound webhook', async () => {
    const flow = JSON.parse(readFileSync(join(EXAMPLES, 'appointment-confirmation.flow.json'), 'utf8'));
    const node = flow.nodes.find((n: { id: string }) => n.id === 'confirm-by-sms');
    node.data.consent = {
      mode: 'sms-reply',
      question: 'Reply YES to get the confirmation by text.',
      timeoutSeconds: 60,
    };
    const path = writeJson(cwd, 'sms-reply.flow.json', flow);
    const vars = join(EXAMPLES, 'appointment-confirmation.vars.json');

    const yes = await flowSms(['run', path, '--vars', vars, '--caller', '+14155550161'], { cwd });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(
      /confirm-by-sms\s+sendSms\s+-> sent\n\s+consent \(sms-reply\): "Reply YES to get the confirmation by text\." -> yes/,
    );
    const no = await flowSms(
      ['run', path, '--vars', vars, '--caller', '+14155550162', '--consent', 'no', '--json'],
      { cwd },
    );
    expect(JSON.parse(no.stdout).steps[2].branch).toBe('declined');

    const log = JSON.parse((await flowSms(['log', '--json', '--limit', '1000'], { cwd })).stdout) as {
      purpose: string;
      to: string;
    }[];
    expect(
      log
        .filter((m) => m.purpose === 'consent-question')
        .map((m) => m.to)
        .sort(),
    ).toEqual(['+14155550161', '+14155550162']);
  });

  it('never sends twice for the same --run-id', async () => {
    const first = JSON.parse(
      (await flowSms(['run', ...followUp, '--run-id', 'same-run', '--json'], { cwd })).stdout,
    );
    const again = JSON.parse(
      (await flowSms(['run', ...followUp, '--run-id', 'same-run', '--json'], { cwd })).stdout,
    );
    expect(again.steps[2].message.sid).toBe(first.steps[2].message.sid);
    const log = JSON.parse((await flowSms(['log', '--json', '--limit', '100'], { cwd })).stdout);
    expect(log.filter((m: { runId: string }) => m.runId === 'same-run')).toHaveLength(1);
  });

  it('keeps its data in .flow-sms/ under the working directory, or in --data-dir', async () => {
    const dir = tempDir();
    await flowSms(['run', ...followUp, '--data-dir', 'elsewhere'], { cwd: dir });
    expect(readFileSync(join(dir, 'elsewhere', 'flow-sms.db')).length).toBeGreaterThan(0);
    const log = await flowSms(['log', '--data-dir', 'elsewhere'], { cwd: dir });
    expect(log.stdout).toMatch(/sandbox\s+sent\s+delivered\s+\+15005550006 -> \+14155550123/);
    expect((await flowSms(['log'], { cwd: dir })).stdout).toMatch(/No messages yet/);
  });

  it('log with a mistyped --data-dir says no store is there, and creates none', async () => {
    const dir = tempDir();
    await flowSms(['run', ...followUp, '--data-dir', 'elsewhere'], { cwd: dir });
    const log = await flowSms(['log', '--data-dir', 'elsewere'], { cwd: dir });
    expect(log.code).toBe(0);
    expect(log.stdout).toContain(
      `there is no flow-sms store at ${join(dir, 'elsewere', 'flow-sms.db')}. Nothing has run with this data directory; check --data-dir`,
    );
    expect(existsSync(join(dir, 'elsewere'))).toBe(false);
  });
});

describe('flow-sms run: bad input exits 2 with what to fix', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = tempDir();
    writeJson(cwd, 'broken.json', '{ "nodes": [');
    writeJson(cwd, 'no-consent.json', {
      nodes: [
        { id: 'start', type: 'start', data: {} },
        { id: 'sms', type: 'sendSms', data: { message: { body: 'Hi' } } },
      ],
      edges: [{ id: 'e', source: 'start', target: 'sms' }],
    });
    writeJson(cwd, 'list.json', ['not', 'an', 'object']);
    writeJson(cwd, 'notes.txt', 'not a directory');
    mkdirSync(join(cwd, 'foreign'));
    writeJson(
      cwd,
      'foreign/flow-sms.db',
      'some other program wrote this file, it is no SQLite database at all',
    );
  });

  const cases: [string, string[], Record<string, string>, RegExp][] = [
    [
      'a missing flow file',
      ['run', 'nope.flow.json'],
      {},
      /Cannot read the flow file nope\.flow\.json: no such file/,
    ],
    ['a flow file that is not JSON', ['run', 'broken.json'], {}, /broken\.json is not valid JSON/],
    [
      'a Send SMS node without consent',
      ['run', 'no-consent.json'],
      {},
      /nodes\.1\.data\.consent .*Send SMS node "sms"/,
    ],
    [
      'a variables file that is not an object',
      ['run', join(EXAMPLES, 'post-call-follow-up.flow.json'), '--vars', 'list.json'],
      {},
      /must hold a JSON object/,
    ],
    ['an unknown flag', ['run', 'x.json', '--colour'], {}, /Unknown option '--colour'/],
    [
      'an unknown environment',
      ['run', join(EXAMPLES, 'post-call-follow-up.flow.json'), '--env', 'prod'],
      {},
      /--env must be one of sandbox, pre-release, live/,
    ],
    [
      'an invalid --caller',
      [...['run', join(EXAMPLES, 'post-call-follow-up.flow.json')], '--caller', 'call me'],
      {},
      /--caller: .*letters/,
    ],
    [
      'a --caller without a country code and no --country',
      [...['run', join(EXAMPLES, 'post-call-follow-up.flow.json')], '--caller', '(415) 555-0123'],
      {},
      /--caller: .*has no country code: .*or pass --country \(such as --country US\)/,
    ],
    [
      'a --country that is not a country',
      [...['run', join(EXAMPLES, 'post-call-follow-up.flow.json')], '--country', 'XX'],
      {},
      /--country: Default country "XX" is not a known two-letter country code/,
    ],
    [
      'a flow whose inputs the run cannot fill',
      ['run', join(EXAMPLES, 'appointment-confirmation.flow.json')],
      {},
      /nodes\.2\.data\.inputs\.appointment_date \(node "confirm-by-sms"\).*\n[\s\S]*--vars FILE/,
    ],
    [
      'live without credentials',
      ['run', ...followUp, '--env', 'live'],
      {},
      /The live environment \(from --env or the flow's "environment"\) sends real messages .*TWILIO_ACCOUNT_SID/,
    ],
    [
      'half-set credentials',
      ['run', ...followUp],
      { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` },
      /TWILIO_AUTH_TOKEN is not set/,
    ],
    ['an unknown command', ['send'], {}, /unknown command "send"/],
    [
      'a --data-dir that is a file',
      ['run', ...followUp, '--data-dir', 'notes.txt'],
      {},
      /^Cannot open the flow-sms database at .*notes\.txt.*: .*notes\.txt cannot be a directory: a file is in the way\. Pass a directory .*\(--data-dir\)\n$/,
    ],
    [
      'a --data-dir whose flow-sms.db is not a database',
      ['log', '--data-dir', 'foreign'],
      {},
      /^Cannot open the flow-sms database at .*flow-sms\.db: the file is not a SQLite database .*Move it away, or pass another path .*\(--data-dir\)\n$/,
    ],
  ];
  it.each(cases)('%s', async (_name, args, env, message) => {
    const result = await flowSms(args, { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('--help explains each command and exits 0', async () => {
    for (const command of ['run', 'inbound', 'serve', 'log']) {
      const result = await flowSms([command, '--help'], { cwd });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: flow-sms ${command}`));
    }
    expect((await flowSms(['--help'], { cwd })).stdout).toMatch(
      /Exit codes: 0 success, 1 a send failed, 2 bad input/,
    );
  });
});
