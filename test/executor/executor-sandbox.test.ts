// The executor end to end through the real Twilio SDK, answered in-process by the sandbox (msw):
// the same code path as production, with the sandbox's fault injection.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSendSmsExecutor, type SendSmsExecutorOptions } from '../../src/executor/executor';
import {
  createSandbox,
  createSandboxTransport,
  type SandboxFaultInput,
  type SandboxTransport,
  startSandboxServer,
  stopSandboxInterception,
} from '../../src/executor/sandbox';
import { openStore } from '../../src/executor/store';
import { createFakeClock } from './support/executor-fakes';
import { transportOverHttp } from './support/sandbox-helpers';

const SENDER = '+15005550006';
const RECIPIENT = '+14155550123';
const opened: SandboxTransport[] = [];
afterEach(() => {
  for (const transport of opened.splice(0)) transport.close();
});
afterAll(() => stopSandboxInterception());

function setup(options: Partial<SendSmsExecutorOptions> = {}, timeoutMs = 2_000) {
  const sandbox = createSandbox({ seed: 11 });
  const transport = createSandboxTransport(sandbox, { timeoutMs });
  opened.push(transport);
  const store = openStore({ path: ':memory:' });
  const clock = createFakeClock(new Date());
  const executor = createSendSmsExecutor({
    transport,
    store,
    clock,
    environment: 'sandbox',
    defaultSenders: { sandbox: SENDER, live: '+14155550100' },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, reconcileDelayMs: 0 },
    ...options,
  });
  return { sandbox, store, clock, executor };
}

const node = (to = RECIPIENT) => ({
  message: { body: 'Your table for {{guests}} is booked.' },
  inputs: { guests: { kind: 'fixed', value: '4' } },
  to: { kind: 'fixed', value: to },
  consent: { mode: 'not-required', reason: 'booking confirmation' },
});
const context = (runId = 'run-1') => ({ runId, nodeId: 'sms-1' });

describe('executor against the sandbox', () => {
  it('sends once, with a Twilio-shaped sid and the price the API reports', async () => {
    const { sandbox, executor, store } = setup();
    const result = await executor.execute(node(), context());
    expect(result).toMatchObject({
      branch: 'sent',
      message: {
        sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
        to: RECIPIENT,
        body: 'Your table for 4 is booked.',
        segments: 1,
      },
    });
    expect(sandbox.received()).toHaveLength(1);
    expect(sandbox.received()[0]).toMatchObject({
      to: RECIPIENT,
      from: SENDER,
      body: 'Your table for 4 is booked.',
    });
    await sandbox.settle();
    // Status callbacks go to the webhook layer; here the status is applied as it would.
    const remote = sandbox.message(result.message?.sid as string);
    store.applyStatus(remote?.sid as string, remote?.status as string, null, new Date());
    expect(store.messageBySid(result.message?.sid as string)?.status).toBe('delivered');
  });

  it('21610 from Twilio fails the node with a hint and records the opt-out', async () => {
    const { executor, store } = setup();
    const result = await executor.execute(node('+15005550004'), context());
    expect(result).toMatchObject({ branch: 'failed', error: { code: 21610 } });
    expect(result.error?.hint).toMatch(/START/);
    expect(store.isOptedOut('sandbox', '+15005550004', SENDER)).toBe(true);
  });

  it.each([
    [{ kind: 'error-code', code: 30034 }, 30034, /10DLC/],
    [{ kind: 'error-code', code: 21211 }, 21211, /E\.164/],
  ] as [SandboxFaultInput, number, RegExp][])(
    'a %o answer is permanent: one request, with a hint',
    async (fault, code, hint) => {
      const { sandbox, executor } = setup();
      sandbox.injectFault(fault);
      const result = await executor.execute(node(), context());
      expect(result).toMatchObject({ branch: 'failed', error: { code } });
      expect(result.error?.hint).toMatch(hint);
      expect(sandbox.pendingFaults()).toBe(0);
      expect(sandbox.received()).toHaveLength(0);
    },
  );

  it('a 429 with Retry-After (over real HTTP) is retried after the delay it asks for', async () => {
    const sandbox = createSandbox({ seed: 12 });
    const server = await startSandboxServer(sandbox);
    const { executor, store, clock } = setup({ transport: transportOverHttp(sandbox, server) });
    sandbox.injectFault({ kind: 'rate-limit', retryAfterSeconds: 3 });
    const started = clock.now().getTime();
    const result = await executor.execute(node(), context());
    expect(result.branch).toBe('sent');
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(3_000);
    expect(sandbox.received()).toHaveLength(1);
    expect(store.attempts(result.message?.id as string).map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['rejected', 429],
      ['accepted', 201],
    ]);
    await server.close();
  });

  it.each([
    ['server-error-after-accept', { kind: 'server-error-after-accept' }],
    ['reset-after-accept', { kind: 'reset-after-accept' }],
    ['timeout-after-accept', { kind: 'timeout-after-accept', holdMs: 5_000 }],
  ] as [string, SandboxFaultInput][])('%s: reconciled, never sent twice', async (_name, fault) => {
    const { sandbox, executor } = setup({}, 300);
    sandbox.injectFault(fault);
    const result = await executor.execute(node(), context());
    expect(result.branch).toBe('sent');
    expect(sandbox.received()).toHaveLength(1);
    expect(result.message?.sid).toBe(sandbox.received()[0]?.sid);
  });

  it.each([
    ['server-error-before-accept', { kind: 'server-error-before-accept' }],
    ['reset-before-accept', { kind: 'reset-before-accept' }],
    ['timeout-before-accept', { kind: 'timeout-before-accept', holdMs: 5_000 }],
    ['connection-refused', { kind: 'connection-refused' }],
  ] as [string, SandboxFaultInput][])(
    '%s: nothing was stored, so it is sent again, once',
    async (_name, fault) => {
      const { sandbox, executor } = setup({}, 300);
      sandbox.injectFault(fault);
      const result = await executor.execute(node(), context());
      expect(result.branch).toBe('sent');
      expect(sandbox.received()).toHaveLength(1);
    },
  );
});
