import type { Environment } from '../../core/environments';
import { FlowSmsError } from '../../core/errors';
import type { Lease, OutboxEntry, OutboxPayload } from '../outbox/types';
import type { AcceptedSend, AttemptResult, MessageRecord } from '../store/messages';
import type { ErrorInfo, NewMessage } from '../store/schemas';
import type { FlowSmsStore } from '../store/store';
import { optedOutError } from './opted-out';

/** How a change settles the message in the log, if it does. */
export type MessageChange =
  | { accepted: AcceptedSend }
  | { outcome: 'failed' | 'opted_out' | 'declined'; error: ErrorInfo | null };

/** Where a change leaves the outbox entry. */
export type OutboxMove =
  /** Done, in the state that follows from the message's outcome (sent, failed, cancelled). */
  | { done: true }
  /** Back in the queue until `nextAttemptAt`: `queued` when nothing left, `unknown` when it must be looked up first. */
  | { later: 'queued' | 'unknown'; nextAttemptAt: Date; reason: string };

/** Everything one step of delivery records once it knows what happened, committed as one unit. */
export interface LedgerChange {
  id: string;
  owner: string;
  at: Date;
  /** Closes the attempt opened for the request. */
  attempt?: { id: number; result: AttemptResult };
  /** Twilio refused the recipient as opted out (21610): kept like a STOP. */
  optOut?: { environment: Environment; to: string; from: string; source: string };
  message?: MessageChange;
  outbox: OutboxMove;
}

/** After the opt-out re-check: the request may leave (its intent is durable), or it must not. */
export type Began =
  | { kind: 'sending'; entry: OutboxEntry; attemptId: number }
  | { kind: 'opted_out'; message: MessageRecord }
  | { kind: 'lease_lost' };

export type Logged =
  /** The idempotency key was taken by a message that already has its outcome. */
  | { kind: 'settled'; message: MessageRecord }
  /** In the outbox, not held by this caller. */
  | { kind: 'queued'; message: MessageRecord }
  /** Held by this caller, with work left before a request may leave (a lookup, a rate limit). */
  | { kind: 'claimed'; message: MessageRecord; entry: OutboxEntry }
  | { kind: 'began'; message: MessageRecord; began: Began };

/**
 * The message log and the outbox written together. With the SQLite outbox on the store's own
 * database each method is one transaction, group-committed with those of concurrent sends; with
 * any other outbox the log is written first and the outbox after, in the order that a crash in
 * between leaves recoverable (a logged message without an entry is queued again on the next run;
 * an attempt is opened only once the entry is `sending`).
 */
export interface DeliveryLedger {
  /**
   * Logs a message (under its idempotency key the existing one wins) and puts it in the outbox.
   * With `lease` the caller also takes the entry, and with `send`, for a message logged just now,
   * the opt-out is re-checked and the intent to send committed: everything a request needs.
   */
  log(input: { message: NewMessage & { id: string }; lease?: Lease; send?: boolean }): Promise<Logged>;
  /** Re-checks the opt-out, then marks the held entry `sending` and opens an attempt. */
  beginSend(entry: OutboxEntry, lease: Lease): Promise<Began>;
  /** Records an answer or a decision; returns the message when the change settled it. */
  record(change: LedgerChange): Promise<MessageRecord | null>;
}

/** The outbox payload of a logged message: what sending it needs, read back from the log. */
export function payloadOf(message: MessageRecord): OutboxPayload {
  if (!message.to || !message.from || !message.body) {
    throw new Error(`flow-sms: message ${message.id} cannot be queued without recipient, sender and body`);
  }
  return {
    environment: message.environment,
    to: message.to,
    from: message.from,
    body: message.body,
    segments: message.segments ?? 1,
    ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
  };
}

export const isLeaseLost = (error: unknown) =>
  error instanceof FlowSmsError && error.code === 'outbox_lease_lost';

const OUTBOX_STATE_FOR = {
  sent: 'sent',
  failed: 'failed',
  opted_out: 'cancelled',
  declined: 'cancelled',
} as const;

/** The final outbox state for a settled message. */
export function finalStateOf(message: MessageRecord) {
  if (message.outcome === null) {
    throw new Error(`flow-sms: message ${message.id} has no outcome, so its outbox entry cannot be done`);
  }
  return OUTBOX_STATE_FOR[message.outcome];
}

/** Ends the message opted out when its recipient is, before anything leaves; null when they are not. */
export function endIfOptedOut(store: FlowSmsStore, entry: OutboxEntry, at: Date): MessageRecord | null {
  const { environment, to, from } = entry.payload;
  if (!store.isOptedOut(environment, to, from)) return null;
  return store.finishMessage(entry.id, 'opted_out', { error: optedOutError(to, from), at });
}

/** The log side of a change (attempt, opt-out, message); the outbox side is the caller's. */
export function writeLog(store: FlowSmsStore, change: LedgerChange): MessageRecord | null {
  if (change.attempt) store.finishAttempt(change.attempt.id, change.attempt.result);
  if (change.optOut) {
    const { environment, to, from, source } = change.optOut;
    store.recordOptOut(environment, to, from, change.at, source);
  }
  if (!change.message) return null;
  if ('accepted' in change.message) return store.markAccepted(change.id, change.message.accepted);
  const { outcome, error } = change.message;
  return store.finishMessage(change.id, outcome, { error, at: change.at });
}
