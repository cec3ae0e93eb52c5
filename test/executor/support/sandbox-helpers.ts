import twilio from 'twilio';
import { onTestFinished } from 'vitest';
import {
  createSandbox,
  createSandboxTransport,
  type SandboxOptions,
  type SandboxServer,
  type SandboxTransport,
  type TwilioSandbox,
} from '../../../src/executor/sandbox';
import { createTwilioTransport, type TwilioTransportOptions } from '../../../src/executor/twilio';

export const RECIPIENT = '+14155550123';
export const SENDER = '+15005550006';

/** A sandbox with an in-process transport; `close()` them in afterEach. */
export function sandboxWithTransport(options: SandboxOptions = {}, timeoutMs?: number) {
  const sandbox = createSandbox({ seed: 7, ...options });
  const transport = createSandboxTransport(sandbox, timeoutMs === undefined ? {} : { timeoutMs });
  return { sandbox, transport };
}

/** `sandboxWithTransport` for the running test only: both are closed when it finishes, pass or fail. */
export function sandboxForThisTest(options: SandboxOptions = {}, timeoutMs?: number) {
  const opened = sandboxWithTransport(options, timeoutMs);
  onTestFinished(() => {
    opened.transport.close();
    opened.sandbox.close();
  });
  return opened;
}

/** The production transport (the twilio SDK over HTTP) pointed at `sandbox` as `server` serves it. */
export function transportOverHttp(
  sandbox: TwilioSandbox,
  server: SandboxServer,
  options: Partial<TwilioTransportOptions> = {},
) {
  return createTwilioTransport({
    credentials: sandbox.credentials(),
    baseUrl: server.url,
    kind: 'sandbox',
    ...options,
  });
}

/** Posts raw form fields to the sandbox's Messages.json through the SDK's HTTP client. */
export async function postMessageForm(
  sandbox: TwilioSandbox,
  form: Record<string, string>,
  authToken = sandbox.authToken,
) {
  const client = twilio(sandbox.accountSid, authToken);
  const response = await client.request({
    method: 'post',
    uri: `https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
    data: form,
  });
  const body = typeof response.body === 'string' ? JSON.parse(response.body) : response.body;
  return { status: response.statusCode as number, body: body as Record<string, unknown> };
}

export function sendHello(
  transport: SandboxTransport,
  overrides: Partial<{ to: string; from: string; body: string; statusCallback: string }> = {},
) {
  return transport.send({ to: RECIPIENT, from: SENDER, body: 'Hello from the sandbox', ...overrides });
}
