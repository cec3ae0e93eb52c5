import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { type SqliteDatabase, whileOpen } from '../store/database';
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
const NOT_FINAL = `state NOT IN (${OUTBOX_FINAL_STATES.map((s) => `'${s}'`).join(', ')})`;

function leaseLost(id: string, owner: string): FlowSmsError {
  return new FlowSmsError(
    'outbox_lease_lost',
    `Outbox entry ${id} is no longer held by ${owner} (its lease expired and another worker took it, or it is done)`,
    'id',
  );
}

function checkLease(lease: Lease) {
  if (!lease.owner || !(lease.at instanceof Date) || !(lease.leaseMs > 0)) {
    throw new FlowSmsError(
      'invalid_input',
      'Outbox lease needs an owner, a Date `at` and a positive leaseMs',
      'lease',
    );
  }
  return { owner: lease.owner, at: lease.at.getTime(), until: lease.at.getTime() + lease.leaseMs };
}

type NewEntry = Parameters<Outbox['enqueue']>[0];

/** The Outbox's operations, synchronous: each runs inside whatever transaction is open on the database. */
export type SqliteOutboxSteps = {
  [K in keyof Outbox]: (...args: Parameters<Outbox[K]>) => Awaited<ReturnType<Outbox[K]>>;
} & {
  /**
   * Adds an entry already held under `lease` and `sending` with its first attempt counted: what
   * `enqueue`, `claim` and `markSending` leave, for a message whose intent to send commits with
   * it. Null when the idempotency key is taken.
   */
  enqueueSending(entry: NewEntry, lease: Lease): OutboxEntry | null;
};

function createSteps(db: SqliteDatabase): SqliteOutboxSteps {
  const byId = db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?');
  const byKey = db.prepare<[string], Row>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const insert = db.prepare(
    `INSERT INTO outbox (id, idempotency_key, state, payload, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const insertSending = db.prepare(
    `INSERT INTO outbox (id, idempotency_key, state, payload, attempts, next_attempt_at, lease_owner,
       lease_expires_at, sending_since, created_at, updated_at)
     VALUES (@id, @key, 'sending', @payload, 1, @at, @owner, @until, @at, @at, @at) ON CONFLICT DO NOTHING`,
  );
  const claimOne = db.prepare<[Row], Row>(
    `UPDATE outbox SET lease_owner = @owner, lease_expires_at = @until, updated_at = @at
     WHERE id = @id AND ${CLAIMABLE} RETURNING *`,
  );
  const claimMany = db.prepare<[Row], Row>(
    `UPDATE outbox SET lease_owner = @owner, lease_expires_at = @until, updated_at = @at
     WHERE id IN (SELECT id FROM outbox WHERE ${CLAIMABLE} ORDER BY next_attempt_at, created_at LIMIT @limit)
     RETURNING *`,
  );
  /** An UPDATE that only the lease holder of an unfinished entry may make; throws for anyone else. */
  const guarded = (set: string, returning: '*' | 'id' = 'id', also?: string) => {
    const statement = db.prepare<[Row], Row>(
      `UPDATE outbox SET ${set} WHERE id = @id AND lease_owner = @owner AND ${NOT_FINAL}
       ${also ? `AND ${also}` : ''} RETURNING ${returning}`,
    );
    return (id: string, owner: string, params: Row): Row => {
      const row = statement.get({ ...params, id, owner });
      if (!row) throw leaseLost(id, owner);
      return row;
    };
  };
  // The owner's name alone does not prove the lease was never lost: a holder that waited past its
  // lease may find it taken again under the same name. Every send counts an attempt here first, so
  // an unchanged count proves nobody sent since the holder claimed the entry, however long ago.
  const toSending = guarded(
    `state = 'sending', attempts = attempts + 1, sending_since = coalesce(sending_since, @at),
     lease_expires_at = @until, updated_at = @at`,
    '*',
    '(@attempts IS NULL OR attempts = @attempts)',
  );
  const toUnknown = guarded(`state = 'unknown', last_error = @reason, updated_at = @at`);
  const toLater = guarded(
    `state = @state, next_attempt_at = @next, last_error = @reason, lease_owner = NULL,
     lease_expires_at = NULL, updated_at = @at`,
  );
  const toFinal = guarded(
    `state = @state, last_error = coalesce(@note, last_error), lease_owner = NULL, lease_expires_at = NULL,
     updated_at = @at`,
  );
  const release = db.prepare(
    'UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?',
  );
  const recover = db.prepare(
    'UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?',
  );
  const perState = db.prepare<[], { state: OutboxState; n: number }>(
    'SELECT state, count(*) AS n FROM outbox GROUP BY state',
  );

  const checkEntry = ({ id, idempotencyKey, payload }: NewEntry) => {
    const checked = parseOrThrow(outboxPayloadSchema, payload, 'outbox payload');
    if (!id || !idempotencyKey) {
      throw new FlowSmsError(
        'invalid_input',
        'Outbox entry needs an id and an idempotency key',
        'idempotencyKey',
      );
    }
    return checked;
  };

  return {
    enqueueSending(entry, lease) {
      const payload = checkEntry(entry);
      const { owner, at, until } = checkLease(lease);
      const { id, idempotencyKey } = entry;
      const params = { id, key: idempotencyKey, payload: JSON.stringify(payload), owner, at, until };
      if (insertSending.run(params).changes === 0) return null;
      const now = new Date(at);
      return {
        id,
        idempotencyKey,
        state: 'sending',
        payload,
        attempts: 1,
        nextAttemptAt: now,
        leaseOwner: owner,
        leaseExpiresAt: new Date(until),
        sendingSince: now,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      };
    },
    enqueue(entry) {
      const { id, idempotencyKey, at } = entry;
      const checked = checkEntry(entry);
      const ms = at.getTime();
      const result = insert.run(id, idempotencyKey, JSON.stringify(checked), ms, ms, ms);
      const row = byKey.get(idempotencyKey) ?? byId.get(id);
      if (!row) throw new Error(`flow-sms outbox: entry ${id} vanished while being enqueued`);
      return { entry: toEntry(row), created: result.changes === 1 };
    },
    get(id) {
      const row = byId.get(id);
      return row ? toEntry(row) : null;
    },
    claim(id, lease) {
      const row = claimOne.get({ id, ...checkLease(lease) });
      return row ? toEntry(row) : null;
    },
    claimDue(lease) {
      return claimMany
        .all({ ...checkLease(lease), limit: Math.max(1, Math.floor(lease.limit)) })
        .map(toEntry)
        .sort(
          (a, b) =>
            a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
            a.createdAt.getTime() - b.createdAt.getTime(),
        );
    },
    markSending(id, lease) {
      const { owner, at, until } = checkLease(lease);
      return toEntry(toSending(id, owner, { at, until, attempts: lease.attempts ?? null }));
    },
    markUnknown(id, owner, at, reason) {
      toUnknown(id, owner, { at: at.getTime(), reason });
    },
    reschedule(id, owner, next) {
      toLater(id, owner, {
        state: next.state,
        next: next.nextAttemptAt.getTime(),
        reason: next.reason,
        at: next.at.getTime(),
      });
    },
    complete(id, owner, state, at, note) {
      toFinal(id, owner, { state, note: note ?? null, at: at.getTime() });
    },
    release(id, owner) {
      release.run(id, owner);
    },
    recoverLeases(owner) {
      return recover.run(owner).changes;
    },
    counts() {
      const counts: Record<OutboxState, number> = {
        queued: 0,
        sending: 0,
        unknown: 0,
        sent: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const row of perState.all()) counts[row.state] = row.n;
      return counts;
    },
  };
}

/** The database and synchronous steps behind each SQLite outbox, for work that joins them to a store transaction. */
const stepsByOutbox = new WeakMap<Outbox, { db: SqliteDatabase; steps: SqliteOutboxSteps }>();

/**
 * The steps of an outbox made by `createSqliteOutbox` on `db`, or undefined for any other outbox
 * (another database, or another kind of queue): only then can outbox changes share a transaction
 * with the store's.
 */
export function sqliteOutboxSteps(outbox: Outbox, db: SqliteDatabase): SqliteOutboxSteps | undefined {
  const found = stepsByOutbox.get(outbox);
  return found?.db === db ? found.steps : undefined;
}

/**
 * The outbox in the store's SQLite file. Each call is one immediate transaction: the lease check
 * and the change happen together, so two processes can never both take the same entry.
 */
export function createSqliteOutbox(source: SqliteDatabase | { db: SqliteDatabase }): Outbox {
  const db = 'prepare' in source ? source : source.db;
  const steps = createSteps(db);
  const write = <A extends unknown[], R>(step: (...args: A) => R) => {
    const transaction = db.transaction(step);
    const guarded = whileOpen(db, (...args: A): R => transaction.immediate(...args));
    return async (...args: A): Promise<R> => guarded(...args);
  };
  const read = <A extends unknown[], R>(step: (...args: A) => R) => {
    const guarded = whileOpen(db, step);
    return async (...args: A): Promise<R> => guarded(...args);
  };
  const outbox: Outbox = {
    enqueue: write(steps.enqueue),
    get: read(steps.get),
    claim: write(steps.claim),
    claimDue: write(steps.claimDue),
    markSending: write(steps.markSending),
    markUnknown: write(steps.markUnknown),
    reschedule: write(steps.reschedule),
    complete: write(steps.complete),
    // One statement each: a transaction of their own already.
    release: read(steps.release),
    recoverLeases: read(steps.recoverLeases),
    counts: read(steps.counts),
  };
  stepsByOutbox.set(outbox, { db, steps });
  return outbox;
}
