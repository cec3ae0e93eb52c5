import type { Outbox, OutboxEntry } from '../outbox/types';
import type { MessageRecord } from '../store/messages';
import type { ErrorInfo, NewMessage } from '../store/schemas';
import type { FlowSmsStore } from '../store/store';
import type { SendOutcome, SmsTransport } from '../transport/types';
import { describeTwilioError } from '../twilio/error-hints';
import type { Clock } from './clock';
import type { Began, LedgerChange } from './ledger';
import { createLedger } from './ledgers';
import type { Logger } from './logger';
import { optedOutError } from './opted-out';
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

/** A message to log and send, as the executor builds it (its id is chosen up front). */
export type NewSend = NewMessage & { id: string };

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
 * message) and the worker (draining the outbox) share it. Every write goes through the ledger,
 * so a send costs one commit before its request and one after.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { store, outbox, transport, clock, retry, logger } = deps;
  const ledger = createLedger(store, outbox);
  const now = () => clock.now();
  const lease = (owner: string) => ({ owner, at: now(), leaseMs: deps.leaseMs });
  const backoff = (attempt: number) =>
    Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));

  async function done(change: Omit<LedgerChange, 'outbox'>): Promise<DeliveryStep> {
    const message = await ledger.record({ ...change, outbox: { done: true } });
    return { kind: 'done', message: message as MessageRecord };
  }

  async function later(
    change: Omit<LedgerChange, 'outbox'>,
    state: 'queued' | 'unknown',
    delayMs: number,
    reason: string,
  ): Promise<DeliveryStep> {
    const retryAt = new Date(change.at.getTime() + delayMs);
    await ledger.record({ ...change, outbox: { later: state, nextAttemptAt: retryAt, reason } });
    return { kind: 'later', retryAt, reason };
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
      return later({ id: entry.id, owner, at: now() }, 'unknown', backoff(entry.attempts), reason);
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
    const at = now();
    return done({
      id: entry.id,
      owner,
      at,
      message: {
        accepted: {
          sid: found.sid,
          status: found.status,
          sentFrom: found.from,
          segments: found.segments || null,
          errorCode: found.errorCode,
          at,
        },
      },
    });
  }

  /** Gives up after the last attempt allowed, else queues the entry again after a back-off. */
  function retryOrFail(
    entry: OutboxEntry,
    change: Omit<LedgerChange, 'outbox'>,
    error: ErrorInfo,
    retryAfterMs: number | null,
  ): Promise<DeliveryStep> {
    if (entry.attempts >= retry.maxAttempts) {
      const gaveUp = { ...error, message: `${error.message} (gave up after ${entry.attempts} attempts)` };
      return done({ ...change, message: { outcome: 'failed', error: gaveUp } });
    }
    const delay = retryAfterMs ?? backoff(entry.attempts);
    logger.info?.('Send can be retried; trying again later', {
      messageId: entry.id,
      code: error.code,
      delay,
    });
    return later(change, 'queued', delay, error.message);
  }

  /** Sends an entry whose intent is committed, then records the answer. */
  async function sendAndRecord(entry: OutboxEntry, owner: string, attemptId: number): Promise<DeliveryStep> {
    const { environment, to, from, body, statusCallback } = entry.payload;
    let outcome: SendOutcome;
    try {
      outcome = await transport.send({ to, from, body, ...(statusCallback ? { statusCallback } : {}) });
    } catch (error) {
      // The transport should not throw; if it does, the request may have left.
      outcome = { kind: 'unknown', reason: (error as Error).message };
    }
    const at = now();
    const base = { id: entry.id, owner, at };

    switch (outcome.kind) {
      case 'accepted':
        return done({
          ...base,
          attempt: { id: attemptId, result: { outcome: 'accepted', at, httpStatus: 201, sid: outcome.sid } },
          message: {
            accepted: {
              sid: outcome.sid,
              status: outcome.status,
              sentFrom: outcome.from,
              segments: outcome.segments || null,
              price: outcome.price,
              priceUnit: outcome.priceUnit,
              at,
            },
          },
        });
      case 'rejected': {
        const error = rejectionError(outcome);
        const attempt = {
          id: attemptId,
          result: {
            outcome: 'rejected' as const,
            at,
            httpStatus: outcome.httpStatus,
            errorCode: error.code,
            errorMessage: outcome.message,
            hint: error.hint ?? null,
          },
        };
        if (outcome.retryable) return retryOrFail(entry, { ...base, attempt }, error, outcome.retryAfterMs);
        return done({
          ...base,
          attempt,
          ...(outcome.code === 21610 ? { optOut: { environment, to, from, source: 'twilio-21610' } } : {}),
          message: { outcome: 'failed', error },
        });
      }
      case 'not-sent':
        return retryOrFail(
          entry,
          {
            ...base,
            attempt: { id: attemptId, result: { outcome: 'not-sent', at, errorMessage: outcome.reason } },
          },
          { code: 'not_sent', message: `The request did not reach Twilio: ${outcome.reason}` },
          null,
        );
      case 'unknown':
        logger.warn?.('Send outcome unknown; it will be looked up at Twilio before any resend', {
          messageId: entry.id,
          reason: outcome.reason,
        });
        return later(
          {
            ...base,
            attempt: { id: attemptId, result: { outcome: 'unknown', at, errorMessage: outcome.reason } },
          },
          'unknown',
          retry.reconcileDelayMs,
          outcome.reason,
        );
    }
  }

  function afterBegin(began: Began, owner: string): Promise<DeliveryStep> | DeliveryStep {
    switch (began.kind) {
      case 'sending':
        return sendAndRecord(began.entry, owner, began.attemptId);
      case 'opted_out':
        return { kind: 'done', message: began.message };
      case 'lease_lost':
        return {
          kind: 'later',
          retryAt: new Date(now().getTime() + deps.pollIntervalMs),
          reason: 'lease lost',
        };
    }
  }

  /** One turn of work on an entry the caller has claimed under `owner`. */
  async function process(entry: OutboxEntry, owner: string): Promise<DeliveryStep> {
    const message = store.messageById(entry.id);
    if (!message) {
      await outbox.complete(entry.id, owner, 'failed', now(), 'the message is missing from the log');
      throw new Error(`flow-sms: outbox entry ${entry.id} has no message in the log`);
    }
    if (message.outcome !== null) return done({ id: entry.id, owner, at: now() });

    if (entry.state === 'sending' || entry.state === 'unknown') {
      const settled = await reconcile(entry, owner, message);
      if (settled) return settled;
    }

    const { environment, to, from, segments } = entry.payload;
    // Checked again with the intent to send; this early look spares an opted-out message the rate-limit wait.
    if (store.isOptedOut(environment, to, from)) {
      return done({
        id: entry.id,
        owner,
        at: now(),
        message: { outcome: 'opted_out', error: optedOutError(to, from) },
      });
    }
    if (entry.attempts >= retry.maxAttempts) {
      return retryOrFail(
        entry,
        { id: entry.id, owner, at: now() },
        { code: 'retries_exhausted', message: entry.lastError ?? 'Sending failed' },
        null,
      );
    }
    // A STOP may be committed while this send waits for its turn (a long code waits up to a second
    // per segment queued before it): the opt-out is checked again in the same transaction as "sending".
    // The wait may also outlast the lease, and another holder (even under this owner's name) may
    // have sent meanwhile: the attempts seen at the claim make "sending" refuse then (lease_lost).
    await deps.rateLimiter?.acquire(from, segments);
    return afterBegin(await ledger.beginSend(entry, { ...lease(owner), attempts: entry.attempts }), owner);
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

  /**
   * Logs a new message and drives it to its outcome like `drive`. Without a rate limiter to wait
   * for, the log entry, the outbox entry, its lease, the opt-out re-check and the intent to send
   * are one commit, and the answer is the next.
   */
  async function sendNew(input: NewSend, owner: string, maxWaitMs: number): Promise<DeliveryStep> {
    const deadline = now().getTime() + maxWaitMs;
    const logged = await ledger.log({ message: input, lease: lease(owner), send: !deps.rateLimiter });
    let step: DeliveryStep | null = null;
    switch (logged.kind) {
      case 'settled':
        return { kind: 'done', message: logged.message };
      case 'began':
        step = await afterBegin(logged.began, owner);
        break;
      case 'claimed':
        step = await process(logged.entry, owner);
        break;
      case 'queued':
        break;
    }
    if (step?.kind === 'done') return step;
    return drive(logged.message.id, owner, Math.max(0, deadline - now().getTime()));
  }

  /** Logs a new message and leaves it in the outbox for a worker (or `drive`). */
  async function queueNew(input: NewSend): Promise<MessageRecord> {
    return (await ledger.log({ message: input })).message;
  }

  return { process, drive, sendNew, queueNew };
}

export type Delivery = ReturnType<typeof createDelivery>;
