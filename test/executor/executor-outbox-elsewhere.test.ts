import { describe, expect, it } from 'vitest';
import { createOutboxWorker, createSqliteOutbox } from '../../src/executor/outbox';
import { openStore } from '../../src/executor/store';
import { nodeData, RECIPIENT, rejected, SANDBOX_SENDER } from './support/executor-fakes';
import { createExecutorHarness, nodeContext, type TransportScript } from './support/executor-harness';

// An outbox in another database cannot share the log's transactions (as a Redis queue could
// not): the executor writes the log first and the outbox after, with the same results.
const setup = (
  script: TransportScript = [],
  options: { rateLimiter?: { acquire(): Promise<unknown> } } = {},
) => {
  const queue = openStore({ path: ':memory:' });
  const harness = createExecutorHarness({
    script,
    outbox: createSqliteOutbox(queue),
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, reconcileDelayMs: 0 },
    ...options,
  });
  return { ...harness, queue };
};

describe('an outbox outside the store', () => {
  it('sends once, with the attempt in the log and the entry done in the outbox', async () => {
    const { executor, transport, store } = setup();
    const result = await executor.execute(nodeData(), nodeContext());
    expect(result).toMatchObject({ branch: 'sent', message: { status: 'queued' } });
    expect(transport.sent).toHaveLength(1);
    expect(store.attempts(result.message?.id as string)).toMatchObject([{ number: 1, outcome: 'accepted' }]);
    expect(await executor.outbox.counts()).toMatchObject({ sent: 1, queued: 0, sending: 0 });
    // Running the node again sends nothing.
    expect(await executor.execute(nodeData(), nodeContext())).toMatchObject({ branch: 'sent' });
    expect(transport.sent).toHaveLength(1);
  });

  it('retries a 429 and reconciles a lost response before resending', async () => {
    const { executor, transport, store } = setup([
      rejected(20429, 429, 'Too Many Requests', { retryable: true, retryAfterMs: 2_000 }),
      'accept-silently',
    ]);
    const result = await executor.execute(nodeData(), nodeContext());
    expect(result.branch).toBe('sent');
    expect(transport.sent).toHaveLength(2);
    expect(store.attempts(result.message?.id as string).map((a) => a.outcome)).toEqual([
      'rejected',
      'unknown',
      'reconciled',
    ]);
  });

  it('checks the opt-out again once the rate limiter lets the send go', async () => {
    let store: ReturnType<typeof openStore> | undefined;
    const { executor, transport, ...rest } = setup([], {
      rateLimiter: {
        async acquire() {
          store?.recordOptOut('sandbox', RECIPIENT, SANDBOX_SENDER, new Date(), 'inbound:STOP');
        },
      },
    });
    store = rest.store;
    const result = await executor.execute(nodeData(), nodeContext());
    expect(result).toMatchObject({ branch: 'opted_out', error: { code: 'opted_out' } });
    expect(transport.sent).toHaveLength(0);
    expect(await executor.outbox.counts()).toMatchObject({ cancelled: 1 });
  });

  it('queues for a worker, which drains it', async () => {
    const { executor, transport, store } = setup();
    const queued = await executor.enqueue(nodeData(), nodeContext());
    expect(queued.status).toBe('queued');
    expect(await createOutboxWorker({ executor }).drainOnce()).toBe(1);
    expect(transport.sent).toHaveLength(1);
    expect(store.messageById(queued.messageId as string)).toMatchObject({ outcome: 'sent' });
  });
});
