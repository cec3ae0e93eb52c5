import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYWORD_REPLIES } from '../../src/core/keywords';
import { expectedTwilioSignature } from '../../src/executor/webhooks/signature';
import { flowSms, startFlowSms, tempDir } from './support/cli-helpers';

const TOKEN = 'abcdefabcdefabcdefabcdefabcdef12';
let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('flow-sms serve (child process)', () => {
  it('prints the URLs to set in the Twilio Console and answers signed webhooks', async () => {
    const cwd = tempDir();
    const server = startFlowSms(
      ['serve', '--port', '0', '--public-url', 'https://sms.example.com', '--env', 'sandbox'],
      {
        cwd,
        env: { TWILIO_AUTH_TOKEN: TOKEN },
        ready: /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Press Ctrl\+C to stop/,
      },
    );
    stop = () => server.child.kill('SIGKILL');
    const [, local] = await server.ready;
    const { stdout } = server.output();
    expect(stdout).toContain(
      'A message comes in (HTTP POST):  https://sms.example.com/webhooks/twilio/inbound',
    );
    expect(stdout).toContain(
      'Status callbacks:                https://sms.example.com/webhooks/twilio/status',
    );

    const params = {
      MessageSid: `SM${'f'.repeat(32)}`,
      From: '+14155550123',
      To: '+15005550006',
      Body: 'STOP',
    };
    const signature = expectedTwilioSignature({
      authToken: TOKEN,
      url: 'https://sms.example.com/webhooks/twilio/inbound',
      params,
    });
    const response = await fetch(`${local}/webhooks/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<Message>${KEYWORD_REPLIES.STOP}</Message>`);

    const forged = await fetch(`${local}/webhooks/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams({ ...params, Body: 'START', MessageSid: `SM${'1'.repeat(32)}` }).toString(),
    });
    expect(forged.status).toBe(403);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    stop = undefined;
    // The opt-out the server recorded is the one the next run sees.
    const check = await flowSms(
      ['inbound', '--from', '+14155550123', '--to', '+15005550006', '--body', 'hi', '--json'],
      { cwd },
    );
    expect(JSON.parse(check.stdout).action).toBe('dropped-opted-out');
  });

  it('prints why a webhook was ignored, with the sid and status, not just that it was', async () => {
    const server = startFlowSms(['serve', '--port', '0', '--public-url', 'https://sms.example.com'], {
      cwd: tempDir(),
      env: { TWILIO_AUTH_TOKEN: TOKEN },
      ready: /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Press Ctrl\+C to stop/,
    });
    stop = () => server.child.kill('SIGKILL');
    const [, local] = await server.ready;
    const post = (path: string, params: Record<string, string>) =>
      fetch(`${local}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': expectedTwilioSignature({
            authToken: TOKEN,
            url: `https://sms.example.com${path}`,
            params,
          }),
        },
        body: new URLSearchParams(params).toString(),
      });

    const unknown = await post('/webhooks/twilio/status', {
      MessageSid: `SM${'a'.repeat(32)}`,
      MessageStatus: 'delivered',
    });
    expect(unknown.status).toBe(204);

    server.child.kill('SIGTERM');
    await server.exited;
    stop = undefined;
    const { stderr } = server.output();
    expect(stderr).toContain(
      `flow-sms: status callback for a message this store does not know (sid: SM${'a'.repeat(32)}, status: delivered)`,
    );
  });

  it('says which port is taken instead of crashing when another server holds it (exit 2)', async () => {
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
    const { port } = holder.address() as { port: number };
    try {
      const result = await flowSms(['serve', '--port', String(port)], {
        cwd: tempDir(),
        env: { TWILIO_AUTH_TOKEN: TOKEN },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `flow-sms serve: port ${port} on 127.0.0.1 is already in use (another flow-sms serve?). Stop what listens there, or pass another --port.\n`,
      );
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });

  it('refuses a --host that is not an address of this machine with a message, not a stack trace (exit 2)', async () => {
    const result = await flowSms(['serve', '--port', '0', '--host', '999.1.1.1'], {
      cwd: tempDir(),
      env: { TWILIO_AUTH_TOKEN: TOKEN },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('flow-sms serve: cannot listen on --host "999.1.1.1"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start without TWILIO_AUTH_TOKEN (exit 2)', async () => {
    const result = await flowSms(['serve', '--port', '0'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TWILIO_AUTH_TOKEN is not set/);
  });

  it.each([
    [['--public-url', 'sms.example.com'], {}, '--public-url'],
    [[], { FLOW_SMS_PUBLIC_URL: 'sms.example.com' }, 'FLOW_SMS_PUBLIC_URL'],
  ])(
    'refuses a public URL that is not absolute, naming where it came from (%j %j)',
    async (args, env, named) => {
      const result = await flowSms(['serve', '--port', '0', ...args], {
        cwd: tempDir(),
        env: { TWILIO_AUTH_TOKEN: TOKEN, ...env },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `flow-sms serve: ${named} must be the absolute http(s) URL Twilio reaches this server at, such as https://example.com (got "sms.example.com")`,
      );
      expect(result.stderr).not.toContain('publicBaseUrl');
    },
  );
});
