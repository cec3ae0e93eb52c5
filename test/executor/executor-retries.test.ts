import { describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/executor/transport/types';
import { nodeData, RECIPIENT, rejected, SANDBOX_SENDER } from './support/executor-fakes';
import {
  createExecutorHarness,
  type ExecutorHarnessOptions,
  nodeContext,
  type TransportScript,
} from './support/executor-harness';

const setup = (script: TransportScript, options: ExecutorHarnessOptions = {}) =>
  createExecutorHarness({
    script,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, reconcileDelayMs: 2_000 },
    ...options,
  });

const context = nodeContext();
const tooMany = rejected(20429, 429, 'Too Many Requests', { retryable: true, retryAfterMs: 7_000 });
const notSent: SendOutcome = { kind: 'not-sent', reason: 'connect ECONNREFUSED 127.0.0.1:443' };

describe('retries: only what cannot have been sent', () => {
  it('a 429 is retried after the Retry-After delay, then succeeds', async () => {
    const { executor, transport, store } = setup([tooMany]);
    const result = await executor.execute(nodeData(), context);
    expect(result.branch).toBe('sent');
    expect(transport.sent).toHaveLength(2);
    const [first, second] = transport.sent;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(7_000);
    expect(store.attempts(result.message?.id as string)).toMatchObject([
      {
        number: 1,
        outcome: 'rejected',
        httpStatus: 429,
        errorCode: 20429,
        hint: expect.stringContaining('rate limiting'),
      },
      { number: 2, outcome: 'accepted', sid: result.message?.sid },
    ]);
  });

  it('while it waits to retry after a 429, the message is pending, not unknown: Twilio clearly refused it', async () => {
    const { executor, store } = setup([tooMany], { maxWaitMs: 1_000 });
    const result = await executor.execute(nodeData(), context);
    expect(result).toMatchObject({ branch: 'failed', error: { code: 'delivery_pending' } });
    const id = result.message?.id as string;
    expect(store.messageById(id)?.status).toBe('pending');
    expect(store.statusHistory(id).map((change) => change.status)).toEqual(['pending', 'unknown', 'pending']);
  });

  it('a request that never left (connection refused) is retried with back-off', async () => {
    const { executor, transport } = setup([notSent, notSent]);
    const result = await executor.execute(nodeData(), context);
    expect(result.branch).toBe('sent');
    expect(transport.sent).toHaveLength(3);
  });

  it('gives up after the configured number of attempts, with the last error', async () => {
    const { executor, transport, store } = setup([tooMany, tooMany, tooMany, tooMany]);
    const result = await executor.execute(nodeData(), context);
    expect(transport.sent).toHaveLength(3);
    expect(result).toMatchObject({ branch: 'failed', error: { code: 20429 } });
    expect(result.error?.message).toMatch(/gave up after 3 attempts/);
    expect(store.attempts(result.message?.id as string)).toHaveLength(3);
  });

  it.each([
    [21211, 400, "The 'To' number +1415 is not a valid phone number.", /E\.164/],
    [30034, 400, 'Message from an Unregistered Number', /10DLC/],
    [21408, 400, 'Permission to send an SMS has not been enabled for the region', /Geo permissions/],
  ])(
    'permanent error %i is never retried and comes back with a hint',
    async (code, status, message, hint) => {
      const { executor, transport, store } = setup([rejected(code, status, message)]);
      const result = await executor.execute(nodeData(), context);
      expect(transport.sent).toHaveLength(1);
      expect(result).toMatchObject({ branch: 'failed', error: { code, message } });
      expect(result.error?.hint).toMatch(hint);
      expect(store.messageById(result.message?.id as string)).toMatchObject({
        status: 'failed',
        outcome: 'failed',
      });
    },
  );

  it('21610 fails the send and records the opt-out, so the next run is not even tried', async () => {
    const { executor, transport, store } = setup([
      rejected(21610, 400, 'Attempt to send to unsubscribed recipient'),
    ]);
    const first = await executor.execute(nodeData(), context);
    expect(first).toMatchObject({ branch: 'failed', error: { code: 21610 } });
    expect(store.isOptedOut('sandbox', RECIPIENT, SANDBOX_SENDER)).toBe(true);
    const second = await executor.execute(nodeData(), { ...context, runId: 'run-2' });
    expect(second.branch).toBe('opted_out');
    expect(transport.sent).toHaveLength(1);
  });
});

describe('unknown outcomes are reconciled before any resend', () => {
  it('finds the message Twilio accepted despite the lost response: sent once', async () => {
    const { executor, transport, store } = setup(['accept-silently']);
    const result = await executor.execute(nodeData(), context);
    expect(result.branch).toBe('sent');
    expect(transport.sent).toHaveLength(1);
    expect(result.message?.sid).toBe(transport.remote[0]?.sid);
    expect(transport.lookups[0]).toMatchObject({
      kind: 'list',
      query: { to: RECIPIENT, from: SANDBOX_SENDER },
    });
    expect(store.attempts(result.message?.id as string).map((a) => a.outcome)).toEqual([
      'unknown',
      'reconciled',
    ]);
  });

  it("keeps Twilio's error when the lookup finds the message already undelivered", async () => {
    const { executor, transport, store } = setup([
      () => {
        // Twilio takes the message, the answer is lost, and the carrier fails it before the lookup.
        queueMicrotask(() =>
          Object.assign(transport.remote.at(-1)!, { status: 'undelivered', errorCode: 30003 }),
        );
        return 'accept-silently';
      },
    ]);
    const result = await executor.execute(nodeData(), context);
    expect(transport.sent).toHaveLength(1);
    expect(store.messageById(result.message?.id as string)).toMatchObject({
      outcome: 'sent',
      status: 'undelivered',
      error: { code: 30003 },
    });
  });

  it('resends once when Twilio has no such message', async () => {
    const unknown: SendOutcome = { kind: 'unknown', reason: 'timeout before the request was written' };
    const { executor, transport, store } = setup([unknown]);
    const result = await executor.execute(nodeData(), context);
    expect(result.branch).toBe('sent');
    expect(transport.sent).toHaveLength(2);
    expect(transport.remote).toHaveLength(1);
    expect(store.attempts(result.message?.id as string).map((a) => a.outcome)).toEqual([
      'unknown',
      'not-found',
      'accepted',
    ]);
  });

  it('does not take another message with the same text as its own', async () => {
    const { executor, transport } = setup(['accept', 'accept-silently']);
    // Run 1 texts the same words to the same person; run 2's response is lost.
    await executor.execute(nodeData(), context);
    const second = await executor.execute(nodeData(), { ...context, runId: 'run-2' });
    expect(second.branch).toBe('sent');
    expect(transport.remote).toHaveLength(2);
    expect(second.message?.sid).toBe(transport.remote[1]?.sid);
  });

  it('looks up by sid when a status callback already told it', async () => {
    const { executor, transport, store } = setup([
      (message) => {
        // Twilio's status callback arrives (with the outboxId) before the lost response would have.
        transport.remote.push({
          sid: 'SMfromcallback000000000000000000',
          to: message.to,
          from: message.from,
          body: message.body,
          status: 'sent',
          errorCode: null,
          segments: 1,
          dateCreated: null,
        });
        const outboxId = store.recentMessages(1)[0]?.id as string;
        store.applyStatus('SMfromcallback000000000000000000', 'sent', null, new Date(), outboxId);
        return { kind: 'unknown', reason: 'read ECONNRESET' };
      },
    ]);
    const result = await executor.execute(nodeData(), context);
    expect(result).toMatchObject({
      branch: 'sent',
      message: { sid: 'SMfromcallback000000000000000000', status: 'sent' },
    });
    expect(transport.sent).toHaveLength(1);
    expect(transport.lookups.map((l) => l.kind)).toEqual(['fetch']);
  });

  it('never resends while Twilio cannot be asked', async () => {
    const { executor, transport } = setup(['accept-silently'], { maxWaitMs: 60_000 });
    transport.failLookups(1_000);
    const result = await executor.execute(nodeData(), context);
    expect(result).toMatchObject({ branch: 'failed', error: { code: 'delivery_pending' } });
    expect(transport.sent).toHaveLength(1);
    // Once Twilio answers again, the same run settles it without sending again.
    transport.failLookups(0);
    const settled = await executor.execute(nodeData(), context);
    expect(settled.branch).toBe('sent');
    expect(transport.sent).toHaveLength(1);
  });
});
