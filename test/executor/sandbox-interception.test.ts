import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createSandbox,
  createSandboxHandlers,
  createSandboxTransport,
  isSandboxInterceptionActive,
  stopSandboxInterception,
} from '../../src/executor/sandbox';
import { createTwilioTransport } from '../../src/executor/twilio';
import { RECIPIENT, SENDER } from './support/sandbox-helpers';

const hello = { to: RECIPIENT, from: SENDER, body: 'Hi' };

describe('shared msw interception', () => {
  afterEach(() => stopSandboxInterception());

  it('starts with the first sandbox transport and stops when the last one closes', async () => {
    const sandbox = createSandbox();
    const first = createSandboxTransport(sandbox);
    const second = createSandboxTransport(sandbox);
    expect(isSandboxInterceptionActive()).toBe(true);
    first.close();
    first.close();
    expect(isSandboxInterceptionActive()).toBe(true);
    expect((await second.send(hello)).kind).toBe('accepted');
    second.close();
    expect(isSandboxInterceptionActive()).toBe(false);
  });

  it('routes each account to its own sandbox', async () => {
    const a = createSandbox();
    const b = createSandbox();
    const toA = createSandboxTransport(a);
    const toB = createSandboxTransport(b);
    await toA.send({ ...hello, body: 'for A' });
    await toB.send({ ...hello, body: 'for B' });
    expect(a.received().map((m) => m.body)).toEqual(['for A']);
    expect(b.received().map((m) => m.body)).toEqual(['for B']);
    toA.close();
    toB.close();
  });

  it('refuses two sandboxes claiming the same account', () => {
    const accountSid = `AC${'5'.repeat(32)}`;
    createSandboxTransport(createSandbox({ accountSid }));
    expect(() => createSandboxTransport(createSandbox({ accountSid }))).toThrow(/own accountSid/);
  });
});

describe('sandbox handlers in your own msw server', () => {
  const sandbox = createSandbox();
  const other = `AC${'6'.repeat(32)}`;
  const server = setupServer(
    ...createSandboxHandlers(sandbox),
    http.post(`https://api.twilio.com/2010-04-01/Accounts/${other}/Messages.json`, () =>
      HttpResponse.json({ sid: `SM${'7'.repeat(32)}`, status: 'queued', num_segments: '1' }, { status: 201 }),
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it("answers the sandbox's account and lets other accounts reach the next handler", async () => {
    const viaSandbox = createTwilioTransport({ credentials: sandbox.credentials() });
    const viaOther = createTwilioTransport({ credentials: { accountSid: other, authToken: 'x'.repeat(10) } });
    expect((await viaSandbox.send(hello)).kind).toBe('accepted');
    expect(await viaOther.send(hello)).toMatchObject({ kind: 'accepted', sid: `SM${'7'.repeat(32)}` });
    expect(sandbox.received()).toHaveLength(1);
  });
});
