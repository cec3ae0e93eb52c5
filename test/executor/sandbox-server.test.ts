import {
  createSandbox,
  type SandboxServer,
  startSandboxServer,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import { createTwilioTransport } from '../../src/executor/twilio';
import { RECIPIENT, SENDER, transportOverHttp } from './support/sandbox-helpers';

let sandbox: TwilioSandbox;
let server: SandboxServer;

beforeEach(async () => {
  sandbox = createSandbox({ seed: 3 });
  server = await startSandboxServer(sandbox);
});
afterEach(async () => {
  sandbox.close();
  await server.close();
});

const overHttp = (timeoutMs?: number) => transportOverHttp(sandbox, server, { timeoutMs });
const hello = { to: RECIPIENT, from: SENDER, body: 'Over the wire' };

describe('sandbox over real HTTP', () => {
  it('serves the SDK on 127.0.0.1: send, fetch and list', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const transport = overHttp();
    const since = new Date();
    const outcome = await transport.send(hello);
    expect(outcome).toMatchObject({ kind: 'accepted', status: 'queued' });
    const sid = outcome.kind === 'accepted' ? outcome.sid : '';
    await sandbox.settle();
    expect(await transport.fetchMessage(sid)).toMatchObject({
      sid,
      status: 'delivered',
      body: 'Over the wire',
    });
    expect((await transport.listMessages({ to: RECIPIENT, since })).map((m) => m.sid)).toEqual([sid]);
    expect(sandbox.received().map((m) => m.sid)).toEqual([sid]);
  });

  it('refuses wrong credentials with 20003', async () => {
    const transport = createTwilioTransport({
      credentials: { accountSid: sandbox.accountSid, authToken: 'not-the-token' },
      baseUrl: server.url,
    });
    expect(await transport.send(hello)).toMatchObject({ kind: 'rejected', httpStatus: 401, code: 20003 });
  });

  it('cuts the connection after storing the message: unknown to the client, stored once', async () => {
    sandbox.injectFault({ kind: 'reset-after-accept' });
    expect((await overHttp().send(hello)).kind).toBe('unknown');
    expect(sandbox.received()).toHaveLength(1);
  });

  it('holds the answer after storing: the client times out, the message exists', async () => {
    sandbox.injectFault({ kind: 'timeout-after-accept', holdMs: 10_000 });
    const outcome = await overHttp(150).send(hello);
    expect(outcome.kind).toBe('unknown');
    expect(sandbox.received()).toHaveLength(1);
  });

  it('answers 429 with a Retry-After header over HTTP too', async () => {
    sandbox.injectFault({ kind: 'rate-limit', retryAfterSeconds: 5 });
    expect(await overHttp().send(hello)).toMatchObject({
      kind: 'rejected',
      retryable: true,
      retryAfterMs: 5000,
    });
  });

  it('is unreachable once closed: a send is not-sent', async () => {
    const transport = overHttp();
    await server.close();
    expect((await transport.send(hello)).kind).toBe('not-sent');
  });
});
