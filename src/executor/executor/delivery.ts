import { FlowSmsError } from '../../core/errors';
import type { Outbox, OutboxEntry } from '../outbox/types';
import type { MessageRecord } from '../store/messages';
import type { ErrorInfo } from '../store/schemas';
import type { FlowSmsStore } from '../store/store';
import type { SendOutcome, SmsTransport } from '../transport/types';
import { describeTwilioError } from '../twilio/error-hints';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { RateLimiter, RetryPolicy } from './options';
import { findSentMessage } from './reconcile';

export interface DeliveryDeps {
  store: FlowSmsStore;
  outbox: Outbox;
  transport: SmsTransport;
  clock: Clock;
  retry: RetryPolicy;
  logger: Logger;
  leaseMs: number;
  pollIntervalMs: number;
  rateLimiter?: RateLimiter | undefined;
}

/** Where a message stands after one turn of delivery work. */
export type DeliveryStep =
  | { kind: 'done'; message: MessageRecord }
  /** Not settled yet: due again at `retryAt` (a back-off, a reconciliation, or another holder's lease). */
  | { kind: 'later'; retryAt: Date; reason: string };

const OUTBOX_STATE_FOR = {
  sent: 'sent',
  failed: 'failed',
  opted_out: 'cancelled',
  declined: 'cancelled',
} as const;

const isLeaseLost = (error: unknown) => error instanceof FlowSmsError && error.code === 'outbox_lease_lost';

function rejectionError(outcome: Extract<SendOutcome, { kind: 'rejected' }>): ErrorInfo {
  const described = describeTwilioError(outcome.code, outcome.message);
  return {
    code: outcome.code ?? `http_${outcome.httpStatus}`,
    message: outcome.message || described.title,
    hint: described.hint,
  };
}

/**
 * Sends outbox entries: opt-out check, rate limit, the intent committed before the request
 * leaves, the answer recorded after. Only what cannot have been sent is retried; an ambiguous
 * answer is reconciled with Twilio before anything is sent again. The executor (waiting for one
 * message) and the worker (draining the outbox) share it.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { store, outbox, transport, clock, retry, logger } = deps;
  const now = () => clock.now();
  const lease = (owner: string) => ({ owner, at: now(), leaseMs: deps.leaseMs });
  const backoff = (attempt: number) =>
    Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));

  async function finish(entry: OutboxEntry, owner: string, message: MessageRecord): Promise<DeliveryStep> {
    const state = OUTBOX_STATE_FOR[message.outcome as keyof typeof OUTBOX_STATE_FOR];
    try {
      await outbox.complete(entry.id, owner, state, now());
    } catch (error) {
      if (!isLeaseLost(error)) throw error;
    }
    return { kind: 'done', message };
  }

  async function later(
    entry: OutboxEntry,
    owner: string,
    state: 'queued' | 'unknown',
    delayMs: number,
    reason: string,
  ): Promise<DeliveryStep> {
    const retryAt = new Date(now().getTime() + delayMs);
    await outbox.reschedule(entry.id, owner, { state, nextAttemptAt: retryAt, at: now(), reason });
    return { kind: 'later', retryAt, reason };
  }

  async function accept(
    entry: OutboxEntry,
    owner: string,
    accepted: Parameters<FlowSmsStore['markAccepted']>[1],
  ) {
    return finish(entry, owner, store.markAccepted(entry.id, accepted));
  }

  /** Looks for a send that may have happened; settles the entry when Twilio has it. */
  async function reconcile(
    entry: OutboxEntry,
    owner: string,
    message: MessageRecord,
  ): Promise<DeliveryStep | null> {
    const started = now();
    store.closeInterruptedAttempts(entry.id, started);
    let found: Awaited<ReturnType<typeof findSentMessage>>;
    try {
      found = await findSentMessage(transport, store, entry, message, retry.reconcileWindowMs);
    } catch (error) {
      const reason = `Could not look the message up at Twilio to settle an unknown outcome: ${(error as Error).message}`;
      logger.warn?.(reason, { messageId: entry.id });
      return later(entry, owner, 'unknown', backoff(entry.attempts), reason);
    }
    const attempt = store.startAttempt(entry.id, started);
    store.finishAttempt(attempt.id, {
      outcome: found ? 'reconciled' : 'not-found',
      at: now(),
      sid: found?.sid ?? null,
      errorMessage: found ? null : 'Twilio has no matching message: it was never sent',
    });
    if (!found) return null;
    logger.info?.('Reconciled a send with an unknown outcome: Twilio has it', {
      messageId: entry.id,
      sid: found.sid,
    });
    return accept(entry, owner, {
      sid: found.sid,
      status: found.status,
      sentFrom: found.from,
      segments: found.segments || null,
      at: now(),
    });
  }

  async function retryOrFail(
    entry: OutboxEntry,
    owner: string,
    error: ErrorInfo,
    retryAfterMs: number | null,
  ): Promise<DeliveryStep> {
    if (entry.attempts >= retry.maxAttempts) {
      const message = store.finishMessage(entry.id, 'failed', {
        error: { ...error, message: `${error.message} (gave up after ${entry.attempts} attempts)` },
        at: now(),
      });
      return finish(entry, owner, message);
    }
    const delay = retryAfterMs ?? backoff(entry.attempts);
    logger.info?.('Send can be retried; trying again later', {
      messageId: entry.id,
      code: error.code,
      delay,
    });
    return later(entry, owner, 'queued', delay, error.message);
  }

  /** One turn of work on an entry the caller has claimed under `owner`. */
  async function process(claimed: OutboxEntry, owner: string): Promise<DeliveryStep> {
    let entry = claimed;
    const message = store.messageById(entry.id);
    if (!message) {
      await outbox.complete(entry.id, owner, 'failed', now(), 'the message is missing from the log');
      throw new Error(`flow-sms: outbox entry ${entry.id} has no message in the log`);
    }
    if (message.outcome !== null) return finish(entry, owner, message);

    if (entry.state === 'sending' || entry.state === 'unknown') {
      const settled = await reconcile(entry, owner, message);
      if (settled) return settled;
    }

    const { environment, to, from, body, segments, statusCallback } = entry.payload;
    const endOptedOut = () =>
      finish(
        entry,
        owner,
        store.finishMessage(entry.id, 'opted_out', {
          error: {
            code: 'opted_out',
            message: `${to} has opted out of messages from ${from} (replied STOP); nothing was sent.`,
            hint: 'The recipient must reply START to this sender before they can be texted again.',
          },
          at: now(),
        }),
      );
    if (store.isOptedOut(environment, to, from)) return endOptedOut();
    if (entry.attempts >= retry.maxAttempts) {
      return retryOrFail(
        entry,
        owner,
        { code: 'retries_exhausted', message: entry.lastError ?? 'Sending failed' },
        null,
      );
    }

    await deps.rateLimiter?.acquire(from, segments);
    // A STOP may have been committed while this send waited for its turn (a long code waits up to
    // a second per segment queued before it); nothing may leave after that.
    if (store.isOptedOut(environment, to, from)) return endOptedOut();
    try {
      entry = await outbox.markSending(entry.id, lease(owner));
    } catch (error) {
      if (!isLeaseLost(error)) throw error;
      return {
        kind: 'later',
        retryAt: new Date(now().getTime() + deps.pollIntervalMs),
        reason: 'lease lost',
      };
    }
    const attempt = store.startAttempt(entry.id, now());
    let outcome: SendOutcome;
    try {
      outcome = await transport.send({ to, from, body, ...(statusCallback ? { statusCallback } : {}) });
    } catch (error) {
      // The transport should not throw; if it does, the request may have left.
      outcome = { kind: 'unknown', reason: (error as Error).message };
    }
    const at = now();

    switch (outcome.kind) {
      case 'accepted':
        store.finishAttempt(attempt.id, { outcome: 'accepted', at, httpStatus: 201, sid: outcome.sid });
        return accept(entry, owner, {
          sid: outcome.sid,
          status: outcome.status,
          sentFrom: outcome.from,
          segments: outcome.segments || null,
          price: outcome.price,
          priceUnit: outcome.priceUnit,
          at,
        });
      case 'rejected': {
        const error = rejectionError(outcome);
        store.finishAttempt(attempt.id, {
          outcome: 'rejected',
          at,
          httpStatus: outcome.httpStatus,
          errorCode: error.code,
          errorMessage: outcome.message,
          hint: error.hint ?? null,
        });
        if (outcome.retryable) return retryOrFail(entry, owner, error, outcome.retryAfterMs);
        if (outcome.code === 21610) store.recordOptOut(environment, to, from, at, 'twilio-21610');
        return finish(entry, owner, store.finishMessage(entry.id, 'failed', { error, at }));
      }
      case 'not-sent':
        store.finishAttempt(attempt.id, { outcome: 'not-sent', at, errorMessage: outcome.reason });
        return retryOrFail(
          entry,
          owner,
          { code: 'not_sent', message: `The request did not reach Twilio: ${outcome.reason}` },
          null,
        );
      case 'unknown':
        store.finishAttempt(attempt.id, { outcome: 'unknown', at, errorMessage: outcome.reason });
        await outbox.markUnknown(entry.id, owner, at, outcome.reason);
        logger.warn?.('Send outcome unknown; it will be looked up at Twilio before any resend', {
          messageId: entry.id,
          reason: outcome.reason,
        });
        return later(entry, owner, 'unknown', retry.reconcileDelayMs, outcome.reason);
    }
  }

  /**
   * Drives one message to its outcome, waiting as needed (for back-offs, for another holder's
   * lease): what `execute` uses. Gives up with `later` after `maxWaitMs`, leaving the entry in the
   * outbox for a worker (or the next `execute` with the same key) to finish.
   */
  async function drive(id: string, owner: string, maxWaitMs: number): Promise<DeliveryStep> {
    const deadline = now().getTime() + maxWaitMs;
    for (;;) {
      const message = store.messageById(id);
      if (message?.outcome) return { kind: 'done', message };
      const claimed = await outbox.claim(id, lease(owner));
      let wakeAt: number;
      if (claimed) {
        const step = await process(claimed, owner);
        if (step.kind === 'done') return step;
        wakeAt = step.retryAt.getTime();
      } else {
        const entry = await outbox.get(id);
        if (!entry) throw new Error(`flow-sms: message ${id} has no outbox entry`);
        if (['sent', 'failed', 'cancelled'].includes(entry.state)) {
          throw new Error(`flow-sms: outbox entry ${id} is ${entry.state} but its message has no outcome`);
        }
        const poll = now().getTime() + deps.pollIntervalMs;
        wakeAt = entry.leaseOwner
          ? poll
          : Math.min(poll, Math.max(entry.nextAttemptAt.getTime(), now().getTime()));
      }
      const remaining = deadline - now().getTime();
      if (remaining <= 0) {
        return { kind: 'later', retryAt: new Date(wakeAt), reason: 'still in the outbox' };
      }
      await clock.sleep(Math.min(Math.max(0, wakeAt - now().getTime()), remaining));
    }
  }

  return { process, drive };
}

export type Delivery = ReturnType<typeof createDelivery>;
