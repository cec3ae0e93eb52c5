import { FlowSmsError } from '../../src/core/errors';
import { stopSandboxInterception } from '../../src/executor/sandbox';
import { RECIPIENT, SENDER, sandboxForThisTest, sendHello } from './support/sandbox-helpers';

afterAll(() => stopSandboxInterception());

/** A fresh sandbox and transport per test; the short client timeout makes held requests time out. */
const setup = (options: Parameters<typeof sandboxForThisTest>[0] = {}) => sandboxForThisTest(options, 200);

describe('sandbox faults before the message is accepted', () => {
  it('429 with Retry-After: refused, retryable after the given delay, nothing stored', async () => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'rate-limit', retryAfterSeconds: 2 });
    expect(await sendHello(transport)).toMatchObject({
      kind: 'rejected',
      httpStatus: 429,
      code: 20429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(sandbox.received()).toEqual([]);
    expect((await sendHello(transport)).kind).toBe('accepted');
  });

  it('500 before acceptance: unknown to the client, and reconciliation finds nothing', async () => {
    const { sandbox, transport } = setup();
    const since = new Date();
    sandbox.injectFault({ kind: 'server-error-before-accept' });
    expect((await sendHello(transport)).kind).toBe('unknown');
    expect(sandbox.received()).toEqual([]);
    expect(await transport.listMessages({ to: RECIPIENT, from: SENDER, since })).toEqual([]);
  });

  it('timeout before acceptance: unknown, and nothing was stored', async () => {
    const { sandbox, transport } = setup();
    const since = new Date();
    sandbox.injectFault({ kind: 'timeout-before-accept', holdMs: 5_000 });
    const outcome = await sendHello(transport);
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && outcome.reason).toMatch(/timeout/);
    expect(sandbox.received()).toEqual([]);
    expect(await transport.listMessages({ to: RECIPIENT, since })).toEqual([]);
  });

  it('connection reset before the request is read: unknown, nothing stored', async () => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'reset-before-accept' });
    expect((await sendHello(transport)).kind).toBe('unknown');
    expect(sandbox.received()).toEqual([]);
  });

  it('connection refused: not-sent, safe to retry', async () => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'connection-refused' });
    expect((await sendHello(transport)).kind).toBe('not-sent');
    expect(sandbox.received()).toEqual([]);
  });

  it.each([
    [21610, 'Attempt to send to unsubscribed recipient'],
    [21211, "The 'To' number is not a valid phone number."],
    [30034, 'Message from an unregistered number'],
  ])('a given error code (%i): refused for good with that code', async (code, message) => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'error-code', code, message });
    expect(await sendHello(transport)).toMatchObject({
      kind: 'rejected',
      httpStatus: 400,
      code,
      message,
      moreInfo: `https://www.twilio.com/docs/errors/${code}`,
      retryable: false,
    });
    expect(sandbox.received()).toEqual([]);
  });
});

describe('sandbox faults after the message is accepted', () => {
  it('500 after acceptance: unknown to the client, yet stored and delivered', async () => {
    const { sandbox, transport } = setup();
    const since = new Date();
    sandbox.injectFault({ kind: 'server-error-after-accept' });
    expect((await sendHello(transport)).kind).toBe('unknown');
    await sandbox.settle();
    expect(sandbox.received().map((m) => m.status)).toEqual(['delivered']);
    expect((await transport.listMessages({ to: RECIPIENT, from: SENDER, since })).map((m) => m.sid)).toEqual(
      sandbox.received().map((m) => m.sid),
    );
  });

  it('timeout after acceptance: unknown, and reconciliation finds the stored message', async () => {
    const { sandbox, transport } = setup();
    const since = new Date();
    sandbox.injectFault({ kind: 'timeout-after-accept', holdMs: 5_000 });
    expect((await sendHello(transport)).kind).toBe('unknown');
    expect(sandbox.received()).toHaveLength(1);
    const found = await transport.listMessages({ to: RECIPIENT, from: SENDER, since });
    expect(found.map((m) => m.sid)).toEqual([sandbox.received()[0]?.sid]);
  });

  it('connection reset after acceptance: unknown, stored', async () => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'reset-after-accept' });
    expect((await sendHello(transport)).kind).toBe('unknown');
    expect(sandbox.received()).toHaveLength(1);
  });

  it('fails on the way to the handset with 30034 after being accepted', async () => {
    const statuses: string[] = [];
    const { sandbox, transport } = setup({
      onStatusCallback: async (request) => {
        const params = new URLSearchParams(await request.text());
        statuses.push(`${params.get('MessageStatus')}:${params.get('ErrorCode') ?? ''}`);
      },
    });
    sandbox.injectFault({ kind: 'fail-after-accept', code: 30034, status: 'failed' });
    const outcome = await sendHello(transport, { statusCallback: 'https://hooks.example.com/status' });
    expect(outcome).toMatchObject({ kind: 'accepted', status: 'queued' });
    await sandbox.settle();
    expect(statuses).toEqual(['failed:30034']);
    const sid = outcome.kind === 'accepted' ? outcome.sid : '';
    expect(await transport.fetchMessage(sid)).toMatchObject({ status: 'failed', errorCode: 30034 });
  });

  it('keeps an after-acceptance fault for the next valid send when a send is refused', async () => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'server-error-after-accept' });
    expect(await sendHello(transport, { to: '+15005550001' })).toMatchObject({
      kind: 'rejected',
      code: 21211,
    });
    expect((await sendHello(transport)).kind).toBe('unknown');
    expect(sandbox.received()).toHaveLength(1);
  });
});

describe('sandbox fault scheduling', () => {
  it('strikes queued faults in order, each as many times as asked', async () => {
    const { sandbox, transport } = setup();
    sandbox.injectFault({ kind: 'rate-limit' }, 2);
    sandbox.injectFault({ kind: 'server-error-before-accept' });
    const kinds = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await sendHello(transport);
      kinds.push(outcome.kind === 'rejected' ? `rejected:${outcome.code}` : outcome.kind);
    }
    expect(kinds).toEqual(['rejected:20429', 'rejected:20429', 'unknown', 'accepted']);
    expect(sandbox.pendingFaults()).toBe(0);
  });

  it('draws random faults reproducibly from the seed', async () => {
    const run = async (seed: number) => {
      const { sandbox, transport } = setup({ seed });
      sandbox.setFaultRates([
        { fault: { kind: 'rate-limit' }, rate: 0.3 },
        { fault: { kind: 'server-error-after-accept' }, rate: 0.2 },
      ]);
      const kinds: string[] = [];
      for (let i = 0; i < 20; i++) kinds.push((await sendHello(transport)).kind);
      return kinds;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(first).toContain('accepted');
    expect(first).toContain('rejected');
    expect(first).toContain('unknown');
  });

  it('names what is wrong with a fault or a rate', () => {
    const { sandbox } = setup();
    expect(() => sandbox.injectFault({ kind: 'meteor' } as never)).toThrow(FlowSmsError);
    expect(() => sandbox.injectFault({ kind: 'error-code', code: 12 })).toThrow(/code/);
    expect(() =>
      sandbox.setFaultRates([
        { fault: { kind: 'rate-limit' }, rate: 0.7 },
        { fault: { kind: 'reset-after-accept' }, rate: 0.7 },
      ]),
    ).toThrow(/at most 1/);
  });
});
