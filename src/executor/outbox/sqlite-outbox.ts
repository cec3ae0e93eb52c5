import { FlowSmsError, parseOrThrow } from '../../core/errors';
import type { SqliteDatabase } from '../store/database';
import {
  type Lease,
  OUTBOX_FINAL_STATES,
  type Outbox,
  type OutboxEntry,
  type OutboxPayload,
  type OutboxState,
  outboxPayloadSchema,
} from './types';

type Row = Record<string, string | number | null>;

const toEntry = (row: Row): OutboxEntry => ({
  id: row.id as string,
  idempotencyKey: row.idempotency_key as string,
  state: row.state as OutboxState,
  payload: JSON.parse(row.payload as string) as OutboxPayload,
  attempts: row.attempts as number,
  nextAttemptAt: new Date(row.next_attempt_at as number),
  leaseOwner: row.lease_owner as string | null,
  leaseExpiresAt: row.lease_expires_at === null ? null : new Date(row.lease_expires_at as number),
  sendingSince: row.sending_since === null ? null : new Date(row.sending_since as number),
  lastError: row.last_error as string | null,
  createdAt: new Date(row.created_at as number),
  updatedAt: new Date(row.updated_at as number),
});

const CLAIMABLE = `state IN ('queued', 'sending', 'unknown') AND next_attempt_at <= @at
  AND (lease_owner IS NULL OR lease_expires_at <= @at)`;

function leaseLost(id: string, owner: string): FlowSmsError {
  return new FlowSmsError(
    'outbox_lease_lost',
    `Outbox entry ${id} is no longer held by ${owner} (its lease expired and another worker took it, or it is done)`,
    'id',
  );
}

/**
 * The outbox in the store's SQLite file. Each call is one immediate transaction: the lease check
 * and the change happen together, so two processes can never both take the same entry.
 */
export function createSqliteOutbox(source: SqliteDatabase | { db: SqliteDatabase }): Outbox {
  const db = 'prepare' in source ? source : source.db;
  const byId = db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?');
  const byKey = db.prepare<[string], Row>('SELECT * FROM outbox WHERE idempotency_key = ?');

  const enqueue = db.transaction((id: string, key: string, payload: OutboxPayload, at: number) => {
    const result = db
      .prepare(
        `INSERT INTO outbox (id, idempotency_key, state, payload, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(id, key, JSON.stringify(payload), at, at, at);
    const row = byKey.get(key) ?? byId.get(id);
    if (!row) throw new Error(`flow-sms outbox: entry ${id} vanished while being enqueued`);
    return { entry: toEntry(row), created: result.changes === 1 };
  });

  const claimOne = db.transaction((id: string, owner: string, at: number, until: number) => {
    const row = db
      .prepare<[Row], Row>(
        `UPDATE outbox SET lease_owner = @owner, lease_expires_at = @until, updated_at = @at
         WHERE id = @id AND ${CLAIMABLE} RETURNING *`,
      )
      .get({ id, owner, at, until });
    return row ? toEntry(row) : null;
  });

  const claimMany = db.transaction((owner: string, at: number, until: number, limit: number) =>
    db
      .prepare<[Row], Row>(
        `UPDATE outbox SET lease_owner = @owner, lease_expires_at = @until, updated_at = @at
         WHERE id IN (SELECT id FROM outbox WHERE ${CLAIMABLE} ORDER BY next_attempt_at, created_at LIMIT @limit)
         RETURNING *`,
      )
      .all({ owner, at, until, limit })
      .map(toEntry)
      .sort(
        (a, b) =>
          a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
          a.createdAt.getTime() - b.createdAt.getTime(),
      ),
  );

  /** Runs an UPDATE guarded by the lease; throws when the caller does not hold it. */
  const guarded = (id: string, owner: string, sql: string, params: Row): Row => {
    const row = db
      .transaction(() =>
        db
          .prepare<[Row], Row>(
            `UPDATE outbox SET ${sql} WHERE id = @id AND lease_owner = @owner
               AND state NOT IN (${OUTBOX_FINAL_STATES.map((s) => `'${s}'`).join(', ')}) RETURNING *`,
          )
          .get({ ...params, id, owner }),
      )
      .immediate();
    if (!row) throw leaseLost(id, owner);
    return row;
  };

  const checkLease = (lease: Lease) => {
    if (!lease.owner || !(lease.at instanceof Date) || !(lease.leaseMs > 0)) {
      throw new FlowSmsError(
        'invalid_input',
        'Outbox lease needs an owner, a Date `at` and a positive leaseMs',
        'lease',
      );
    }
    return { owner: lease.owner, at: lease.at.getTime(), until: lease.at.getTime() + lease.leaseMs };
  };

  return {
    async enqueue({ id, idempotencyKey, payload, at }) {
      const checked = parseOrThrow(outboxPayloadSchema, payload, 'outbox payload');
      if (!id || !idempotencyKey) {
        throw new FlowSmsError(
          'invalid_input',
          'Outbox entry needs an id and an idempotency key',
          'idempotencyKey',
        );
      }
      return enqueue.immediate(id, idempotencyKey, checked, at.getTime());
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toEntry(row) : null;
    },
    async claim(id, lease) {
      const { owner, at, until } = checkLease(lease);
      return claimOne.immediate(id, owner, at, until);
    },
    async claimDue(lease) {
      const { owner, at, until } = checkLease(lease);
      return claimMany.immediate(owner, at, until, Math.max(1, Math.floor(lease.limit)));
    },
    async markSending(id, lease) {
      const { owner, at, until } = checkLease(lease);
      const row = guarded(
        id,
        owner,
        `state = 'sending', attempts = attempts + 1, sending_since = coalesce(sending_since, @at),
         lease_expires_at = @until, updated_at = @at`,
        { at, until },
      );
      return toEntry(row);
    },
    async markUnknown(id, owner, at, reason) {
      guarded(id, owner, `state = 'unknown', last_error = @reason, updated_at = @at`, {
        at: at.getTime(),
        reason,
      });
    },
    async reschedule(id, owner, next) {
      guarded(
        id,
        owner,
        `state = @state, next_attempt_at = @next, last_error = @reason, lease_owner = NULL,
         lease_expires_at = NULL, updated_at = @at`,
        { state: next.state, next: next.nextAttemptAt.getTime(), reason: next.reason, at: next.at.getTime() },
      );
    },
    async complete(id, owner, state, at, note) {
      guarded(
        id,
        owner,
        `state = @state, last_error = coalesce(@note, last_error), lease_owner = NULL, lease_expires_at = NULL,
         updated_at = @at`,
        { state, note: note ?? null, at: at.getTime() },
      );
    },
    async release(id, owner) {
      db.prepare(
        'UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?',
      ).run(id, owner);
    },
    async recoverLeases(owner) {
      return db
        .prepare('UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?')
        .run(owner).changes;
    },
    async counts() {
      const counts: Record<OutboxState, number> = {
        queued: 0,
        sending: 0,
        unknown: 0,
        sent: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const row of db
        .prepare<[], { state: OutboxState; n: number }>(
          'SELECT state, count(*) AS n FROM outbox GROUP BY state',
        )
        .all()) {
        counts[row.state] = row.n;
      }
      return counts;
    },
  };
}
