import { describe, expect, it, vi } from 'vitest';
import { createOutboxWorker } from '../../src/executor/outbox';
import type { OutboundMessage } from '../../src/executor/transport/types';
import { nodeData } from './support/executor-fakes';
import { createExecutorHarness, nodeContext } from './support/executor-harness';

const LEASE_MS = 60_000;

/** A rate limiter that lets each caller through only when the test says so. */
function gatedLimiter() {
  const waiting: (() => void)[] = [];
  let calls = 0;
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        calls += 1;
        waiting.push(resolve);
      }),
    releaseAll() {
      for (const resolve of waiting.splice(0)) resolve();
    },
    get calls() {
      return calls;
    },
  };
}

/**
 * The harness with a gated rate limiter, and a transport that records every request as it
 * arrives and holds the first one's answer until `answerFirst`: the request is in flight at Twilio.
 */
async function setup() {
  const limiter = gatedLimiter();
  const harness = createExecutorHarness({ rateLimiter: limiter, leaseMs: LEASE_MS });
  const { transport } = harness;
  const requests: OutboundMessage[] = [];
  let answerFirst = () => {};
  const firstAnswered = new Promise<void>((resolve) => {
    answerFirst = resolve;
  });
  const send = transport.send.bind(transport);
  transport.send = async (message) => {
    requests.push(message);
    if (requests.length === 1) await firstAnswered;
    return send(message);
  };
  const queued = await harness.executor.enqueue(nodeData(), nodeContext({ runId: 'run-1' }));
  return { ...harness, limiter, requests, answerFirst, id: queued.messageId as string };
}

describe('a rate-limit wait that outlasts the outbox lease', () => {
  it('the worker sends the message once, though its loop claims the entry again meanwhile', async () => {
    const { executor, clock, store, limiter, requests, answerFirst, id } = await setup();
    const outbox = executor.outbox;
    let polls = 0;
    const claimDue = outbox.claimDue.bind(outbox);
    outbox.claimDue = (lease) => {
      polls += 1;
      return claimDue(lease);
    };
    const pollsFromNow = (n: number) => {
      const target = polls + n;
      return vi.waitFor(() => expect(polls).toBeGreaterThanOrEqual(target));
    };

    const worker = createOutboxWorker({ executor, workerId: 'worker-a', pollIntervalMs: 1 });
    await worker.start();
    await vi.waitFor(() => expect(limiter.calls).toBe(1));

    // The wait outlasts the lease; the worker's loop finds the entry due again under its own id.
    clock.advance(LEASE_MS + 1_000);
    await pollsFromNow(2);
    limiter.releaseAll();
    await vi.waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(1));
    // Each poll is a timer turn of the event loop: whatever else was let through has had its turn.
    await pollsFromNow(3);
    answerFirst();
    await vi.waitFor(() => expect(store.messageById(id)?.outcome).toBe('sent'));
    await worker.stop();

    expect(requests).toHaveLength(1);
    expect(limiter.calls).toBe(1);
    expect(store.messageById(id)).toMatchObject({ outcome: 'sent', sid: expect.any(String) });
    expect(await executor.outbox.counts()).toMatchObject({ sent: 1, sending: 0, queued: 0, unknown: 0 });
  });

  it('of two holders under one name, only the first through the limiter sends', async () => {
    const { executor, clock, store, limiter, requests, answerFirst, id } = await setup();
    const { outbox, delivery } = executor;
    const held = await outbox.claim(id, { owner: 'worker-a', at: clock.now(), leaseMs: LEASE_MS });
    const first = delivery.process(held as NonNullable<typeof held>, 'worker-a');
    await vi.waitFor(() => expect(limiter.calls).toBe(1));

    clock.advance(LEASE_MS + 1_000);
    const again = await outbox.claim(id, { owner: 'worker-a', at: clock.now(), leaseMs: LEASE_MS });
    expect(again).not.toBeNull();
    const second = delivery.process(again as NonNullable<typeof again>, 'worker-a');
    await vi.waitFor(() => expect(limiter.calls).toBe(2));

    limiter.releaseAll();
    await vi.waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(1));
    const [secondStep] = await Promise.allSettled([second]);
    answerFirst();
    const [firstStep] = await Promise.allSettled([first]);

    expect(requests).toHaveLength(1);
    expect(secondStep).toMatchObject({ status: 'fulfilled', value: { kind: 'later' } });
    expect(firstStep).toMatchObject({ status: 'fulfilled', value: { kind: 'done' } });
    expect(store.messageById(id)).toMatchObject({ outcome: 'sent' });
    expect(await outbox.counts()).toMatchObject({ sent: 1, sending: 0 });
  });
});
