import { describe, expect, it, vi } from 'vitest';
import { createOutboxWorker, createSqliteOutbox } from '../../src/executor/outbox';
import { nodeData, RECIPIENT, rejected, SANDBOX_SENDER } from './support/executor-fakes';
import { createExecutorHarness, nodeContext, type TransportScript } from './support/executor-harness';

const setup = (script: TransportScript = []) =>
  createExecutorHarness({
    script,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, reconcileDelayMs: 0 },
  });

const context = (runId: string, recipient = RECIPIENT) => nodeContext({ runId, recipient });

describe('queued mode and the outbox worker', () => {
  it('enqueue returns before sending; the worker sends and the run can read the result', async () => {
    const { executor, transport, store } = setup();
    const queued = await executor.enqueue(nodeData(), context('run-1'));
    expect(queued.status).toBe('queued');
    expect(transport.sent).toHaveLength(0);
    expect(store.messageById(queued.messageId as string)).toMatchObject({ status: 'pending', outcome: null });

    const worker = createOutboxWorker({ executor, concurrency: 2 });
    expect(await worker.drainOnce()).toBe(1);
    expect(transport.sent).toHaveLength(1);
    expect(store.messageById(queued.messageId as string)).toMatchObject({ outcome: 'sent' });
    expect(await executor.execute(nodeData(), context('run-1'))).toMatchObject({ branch: 'sent' });
    expect(transport.sent).toHaveLength(1);
  });

  it('enqueue reports at once a node that ends before the outbox', async () => {
    const { executor } = setup();
    const result = await executor.enqueue(nodeData(), context('run-1', 'no number'));
    expect(result).toMatchObject({ status: 'failed', result: { error: { code: 'invalid_recipient' } } });
  });

  it('opt-out race: a STOP recorded while the message waits means nothing is sent', async () => {
    const { executor, transport, store, clock } = setup();
    const queued = await executor.enqueue(nodeData(), context('run-1'));
    store.recordOptOut('sandbox', RECIPIENT, SANDBOX_SENDER, clock.now(), 'inbound:STOP');
    await createOutboxWorker({ executor }).drainOnce();
    expect(transport.sent).toHaveLength(0);
    expect(store.messageById(queued.messageId as string)).toMatchObject({
      outcome: 'opted_out',
      status: 'not_sent',
    });
    expect((await executor.outbox.counts()).cancelled).toBe(1);
  });

  it('a 429 puts the entry back until Retry-After; the next drain after that sends it', async () => {
    const { executor, transport, clock } = setup([
      rejected(20429, 429, 'Too Many Requests', { retryable: true, retryAfterMs: 30_000 }),
    ]);
    await executor.enqueue(nodeData(), context('run-1'));
    const worker = createOutboxWorker({ executor });
    await worker.drainOnce();
    expect(transport.sent).toHaveLength(1);
    clock.advance(29_000);
    expect(await worker.drainOnce()).toBe(0);
    clock.advance(1_000);
    expect(await worker.drainOnce()).toBe(1);
    expect(transport.sent).toHaveLength(2);
    expect((await executor.outbox.counts()).sent).toBe(1);
  });

  it('on start, entries a crashed worker left "sending" are reconciled, not sent again', async () => {
    const { executor, transport, store, clock } = setup();
    const ids: string[] = [];
    for (const n of [1, 2]) {
      ids.push(
        (await executor.enqueue(nodeData(), context(`run-${n}`, `+1415555012${n}`))).messageId as string,
      );
    }
    // A worker took both, committed "sending", and died: Twilio got the first request, not the second.
    const outbox = createSqliteOutbox(store);
    for (const id of ids) {
      await outbox.claim(id, { owner: 'worker-a', at: clock.now(), leaseMs: 60_000 });
      await outbox.markSending(id, { owner: 'worker-a', at: clock.now(), leaseMs: 60_000 });
    }
    const first = store.messageById(ids[0] as string);
    transport.remote.push({
      sid: 'SMcrash0000000000000000000000000',
      to: first?.to as string,
      from: first?.from as string,
      body: first?.body as string,
      status: 'sent',
      errorCode: null,
      segments: 1,
      dateCreated: clock.now(),
    });

    const worker = createOutboxWorker({ executor, workerId: 'worker-a', pollIntervalMs: 5 });
    await worker.start();
    await vi.waitFor(async () => expect((await outbox.counts()).sent).toBe(2));
    await worker.stop();
    expect(transport.sent.map((m) => m.to)).toEqual(['+14155550122']);
    expect(store.messageById(ids[0] as string)).toMatchObject({
      outcome: 'sent',
      sid: 'SMcrash0000000000000000000000000',
    });
    expect(store.messageById(ids[1] as string)).toMatchObject({ outcome: 'sent' });
  });

  it('drains many entries with bounded concurrency, each exactly once', async () => {
    const { executor, transport, store } = setup();
    for (let n = 0; n < 25; n++) await executor.enqueue(nodeData(), context(`run-${n}`));
    let inFlight = 0;
    let peak = 0;
    const send = transport.send.bind(transport);
    transport.send = async (message) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return send(message);
    };
    const worker = createOutboxWorker({ store, transport, concurrency: 4, outbox: executor.outbox });
    expect(await worker.drainOnce()).toBe(25);
    expect(transport.sent).toHaveLength(25);
    expect(peak).toBeLessThanOrEqual(4);
    expect(store.stats().sent).toBe(25);
  });

  it('stop() called before start() has finished keeps the worker stopped', async () => {
    const { executor, transport } = setup();
    await executor.enqueue(nodeData(), context('run-1'));
    const worker = createOutboxWorker({ executor, pollIntervalMs: 5 });
    const started = worker.start(); // not awaited, as a host's shutdown hook may run right after it
    await worker.stop();
    await started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.sent).toHaveLength(0);
    expect((await executor.outbox.counts()).queued).toBe(1);
  });

  it('an entry claimed again while its task was still finishing is sent, not left held by the worker', async () => {
    // A 429 with Retry-After: 0 puts the entry back due at once; the loop claims it again before
    // the task that put it back has ended (here, held up a little after its work).
    const { executor, transport } = setup([
      rejected(20429, 429, 'Too Many Requests', { retryable: true, retryAfterMs: 0 }),
    ]);
    await executor.enqueue(nodeData(), context('run-1'));
    const slowToEnd = {
      ...executor,
      delivery: {
        ...executor.delivery,
        process: async (...args: Parameters<typeof executor.delivery.process>) => {
          const step = await executor.delivery.process(...args);
          await new Promise((resolve) => setTimeout(resolve, 30));
          return step;
        },
      },
    };
    const worker = createOutboxWorker({ executor: slowToEnd, pollIntervalMs: 2 });
    await worker.start();
    try {
      await vi.waitFor(async () => expect((await executor.outbox.counts()).sent).toBe(1), { timeout: 3_000 });
    } finally {
      await worker.stop();
    }
    expect(transport.sent).toHaveLength(2);
  });

  it('validates its options', () => {
    expect(() => createOutboxWorker({} as never)).toThrow(/outbox worker options/);
  });

  it('refuses a rate limiter given beside an executor, which it would not use, and says where it goes', async () => {
    const { executor, transport } = setup();
    await executor.enqueue(nodeData(), context('run-1'));
    const rateLimiter = { acquire: vi.fn(async () => 0) };
    expect(() => createOutboxWorker({ executor, rateLimiter } as never)).toThrow(
      /"rateLimiter" cannot be given with "executor".*Pass it to createSendSmsExecutor/,
    );
    expect(() => createOutboxWorker({ executor, concurency: 2 } as never)).toThrow(
      /unknown option "concurency"; the options are concurrency,/,
    );
    expect(transport.sent).toHaveLength(0);
  });
});
