import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  type SandboxServer,
  startSandboxServer,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import { EXAMPLES, flowSms, tempDir } from './support/cli-helpers';

const followUp = [
  join(EXAMPLES, 'post-call-follow-up.flow.json'),
  '--vars',
  join(EXAMPLES, 'post-call-follow-up.vars.json'),
];

/**
 * `flow-sms run` with TWILIO_* credentials takes the path meant for api.twilio.com: credentials
 * from the environment, the Twilio transport on the official SDK over real HTTP, the per-sender
 * rate limiter and the live environment's sender. FLOW_SMS_TWILIO_API_URL points it at the
 * sandbox served on 127.0.0.1, which checks the credentials and the request as Twilio would.
 */
describe('flow-sms run against a Twilio-compatible server (TWILIO_* set)', () => {
  let sandbox: TwilioSandbox;
  let server: SandboxServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    sandbox = createSandbox({ seed: 7 });
    server = await startSandboxServer(sandbox, { host: '127.0.0.1' });
    env = {
      TWILIO_ACCOUNT_SID: sandbox.accountSid,
      TWILIO_AUTH_TOKEN: sandbox.authToken,
      FLOW_SMS_TWILIO_API_URL: server.url,
    };
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the live message through the SDK once, and not again for the same --run-id', async () => {
    const cwd = tempDir();
    const run = () =>
      flowSms(['run', ...followUp, '--env', 'live', '--run-id', 'live-1', '--json'], { cwd, env });

    const first = await run();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const sms = JSON.parse(first.stdout).steps.find((s: { type: string }) => s.type === 'sendSms');
    expect(sms).toMatchObject({ branch: 'sent', message: { to: '+14155550123', from: '+14155550100' } });
    expect(sandbox.received()).toEqual([
      expect.objectContaining({
        sid: sms.message.sid,
        to: '+14155550123',
        from: '+14155550100',
        body: 'Thanks for calling Harbor Dental, Jordan! Your reference is HD-20931. Questions? Call us at (415) 555-0100.',
      }),
    ]);

    const again = await run();
    expect(again.code).toBe(0);
    expect(
      JSON.parse(again.stdout).steps.find((s: { type: string }) => s.type === 'sendSms').message.sid,
    ).toBe(sms.message.sid);
    expect(sandbox.received()).toHaveLength(1);
  });

  it('reports a wrong auth token as a failed send with the code Twilio gives (exit 1)', async () => {
    const result = await flowSms(['run', ...followUp, '--env', 'live', '--json'], {
      cwd: tempDir(),
      env: { ...env, TWILIO_AUTH_TOKEN: 'not-the-token' },
    });
    expect(result.code).toBe(1);
    const sms = JSON.parse(result.stdout).steps.find((s: { type: string }) => s.type === 'sendSms');
    // The runner's steps carry error codes as text, Twilio's numbers included.
    expect(sms).toMatchObject({ branch: 'failed', error: { code: '20003' } });
  });

  it('refuses a FLOW_SMS_TWILIO_API_URL that is not an http(s) URL (exit 2)', async () => {
    const result = await flowSms(['run', ...followUp, '--env', 'live'], {
      cwd: tempDir(),
      env: { ...env, FLOW_SMS_TWILIO_API_URL: 'api.example.com' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/FLOW_SMS_TWILIO_API_URL must be an http:\/\/ or https:\/\/ URL/);
  });

  it('refuses a FLOW_SMS_PUBLIC_URL that is not an absolute URL, naming the variable (exit 2)', async () => {
    const sent = sandbox.received().length;
    const result = await flowSms(['run', ...followUp, '--env', 'live'], {
      cwd: tempDir(),
      env: { ...env, FLOW_SMS_PUBLIC_URL: 'sms.example.com' },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^FLOW_SMS_PUBLIC_URL must be the absolute http\(s\) URL Twilio reaches this server at, such as https:\/\/example\.com \(got "sms\.example\.com"\); set it to /,
    );
    expect(result.stderr).not.toMatch(/statusCallbackBaseUrl/);
    expect(sandbox.received()).toHaveLength(sent);
  });

  it('waits out a 429 and sends: the retry wait keeps the process alive', async () => {
    sandbox.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const result = await flowSms(
      ['run', ...followUp, '--env', 'live', '--run-id', 'rate-limited', '--json'],
      {
        cwd: tempDir(),
        env,
      },
    );
    // It used to end mid-wait with exit code 13 and nothing printed, the message left pending.
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const sms = JSON.parse(result.stdout).steps.find((s: { type: string }) => s.type === 'sendSms');
    expect(sms).toMatchObject({ branch: 'sent' });
  });
});
