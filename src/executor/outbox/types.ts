import { z } from 'zod';
import { environmentSchema } from '../../core/environments';

/**
 * What the outbox carries for one message: enough to send it without reading anything else.
 * `id` is the message's id in the store's log.
 */
export const outboxPayloadSchema = z.object({
  environment: environmentSchema,
  to: z.string().min(1),
  from: z.string().min(1),
  body: z.string().min(1),
  segments: z.number().int().min(1),
  statusCallback: z.url().optional(),
});
export type OutboxPayload = z.infer<typeof outboxPayloadSchema>;

/**
 * - `queued`: waiting (possibly until `nextAttemptAt`); nothing of the current attempt has left.
 * - `sending`: committed just before a request left; if its lease runs out, the send may or may
 *   not have happened, so whoever picks it up reconciles with Twilio before sending again.
 * - `unknown`: a request left and no clear answer came back; reconciled the same way.
 * - `sent`, `failed`, `cancelled` (opted out before it left): done.
 */
export type OutboxState = 'queued' | 'sending' | 'unknown' | 'sent' | 'failed' | 'cancelled';
export const OUTBOX_FINAL_STATES = ['sent', 'failed', 'cancelled'] as const;

export interface OutboxEntry {
  id: string;
  /** run id + node id + recipient: the same message can be enqueued only once. */
  idempotencyKey: string;
  state: OutboxState;
  payload: OutboxPayload;
  /** Requests handed to the transport so far. */
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** When the first request whose fate is not settled left: where reconciliation starts looking. */
  sendingSince: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Lease {
  /** Who holds the entry (a worker or executor id). */
  owner: string;
  at: Date;
  /** How long the holder may work on the entry before others may take it over. */
  leaseMs: number;
  /**
   * For `markSending`: the entry's `attempts` when the holder claimed it. A lease names only its
   * owner, and one that ran out while the holder waited (for a rate limit) may have been claimed
   * again, even under the same name, and used to send: the intent is then refused instead of
   * sending twice. Without it, holding the lease is enough.
   */
  attempts?: number;
}

/**
 * The durable queue between deciding to send and sending. SQLite implements it here; the
 * interface is asynchronous and says nothing about SQL, so a Redis (or other) queue can take its
 * place. Every method that changes an entry requires the caller to hold its lease, and fails
 * with `outbox_lease_lost` otherwise: a worker whose lease expired must not overwrite the work of
 * the one that took over.
 */
export interface Outbox {
  /** Adds an entry; when the idempotency key is already there, returns that entry with `created: false`. */
  enqueue(entry: { id: string; idempotencyKey: string; payload: OutboxPayload; at: Date }): Promise<{
    entry: OutboxEntry;
    created: boolean;
  }>;
  get(id: string): Promise<OutboxEntry | null>;
  /** Takes the lease on one entry if it is due and nobody else holds a live lease on it. */
  claim(id: string, lease: Lease): Promise<OutboxEntry | null>;
  /** Takes the lease on up to `limit` due entries, oldest first (including `sending`/`unknown` whose lease expired). */
  claimDue(lease: Lease & { limit: number }): Promise<OutboxEntry[]>;
  /**
   * Commits the intent to send, before the request leaves; counts an attempt and renews the lease.
   * Fails with `outbox_lease_lost` when `lease.attempts` is given and another request was counted since.
   */
  markSending(id: string, lease: Lease): Promise<OutboxEntry>;
  /** The request left and its fate is unknown; the lease is kept. */
  markUnknown(id: string, owner: string, at: Date, reason: string): Promise<void>;
  /** Gives the entry back, due again at `nextAttemptAt`, as `queued` (nothing sent) or `unknown` (still to reconcile). */
  reschedule(
    id: string,
    owner: string,
    next: { state: 'queued' | 'unknown'; nextAttemptAt: Date; at: Date; reason: string },
  ): Promise<void>;
  complete(
    id: string,
    owner: string,
    state: (typeof OUTBOX_FINAL_STATES)[number],
    at: Date,
    note?: string,
  ): Promise<void>;
  /** Gives up a lease without changing anything else (for example when a worker stops). */
  release(id: string, owner: string): Promise<void>;
  /**
   * Frees every lease `owner` holds. A worker with a stable id calls it on start: whatever it
   * held belonged to its previous process, which is gone, so the entries need not wait for their
   * leases to run out. Returns how many were freed.
   */
  recoverLeases(owner: string): Promise<number>;
  /** Entries per state, for dashboards and tests. */
  counts(): Promise<Record<OutboxState, number>>;
}
