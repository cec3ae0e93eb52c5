import type Database from 'better-sqlite3';
import { FlowSmsError } from '../../core/errors';

interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Append-only: a released migration is never edited, a change is a new entry. The database's
 * `PRAGMA user_version` records the last one applied. Times are stored as epoch milliseconds.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'opt-outs, message log, attempts, inbound messages, outbox',
    sql: `
      CREATE TABLE opt_outs (
        environment TEXT NOT NULL,
        recipient TEXT NOT NULL,
        sender_identity TEXT NOT NULL,
        opted_out INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (environment, recipient, sender_identity)
      ) WITHOUT ROWID;

      CREATE TABLE opt_out_events (
        id INTEGER PRIMARY KEY,
        environment TEXT NOT NULL,
        recipient TEXT NOT NULL,
        sender_identity TEXT NOT NULL,
        opted_out INTEGER NOT NULL,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        applied INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX opt_out_events_by_recipient ON opt_out_events (environment, recipient);

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        purpose TEXT NOT NULL,
        environment TEXT NOT NULL,
        run_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        recipient_input TEXT,
        to_number TEXT,
        from_sender TEXT,
        sender_identity TEXT,
        sent_from TEXT,
        body TEXT,
        segments INTEGER,
        encoding TEXT,
        status TEXT NOT NULL,
        outcome TEXT,
        sid TEXT UNIQUE,
        error_code TEXT,
        error_message TEXT,
        error_hint TEXT,
        price TEXT,
        price_unit TEXT,
        consent_mode TEXT,
        consent_at INTEGER,
        consent_evidence TEXT,
        status_callback TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX messages_by_created ON messages (created_at);
      CREATE INDEX messages_by_run ON messages (run_id, node_id);

      CREATE TABLE message_status_history (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL REFERENCES messages (id),
        status TEXT NOT NULL,
        error_code TEXT,
        applied INTEGER NOT NULL,
        at INTEGER NOT NULL,
        source TEXT NOT NULL
      );
      CREATE INDEX message_status_history_by_message ON message_status_history (message_id);

      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL REFERENCES messages (id),
        number INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        error_code TEXT,
        error_message TEXT,
        hint TEXT,
        sid TEXT
      );
      CREATE INDEX attempts_by_message ON attempts (message_id);

      CREATE TABLE inbound (
        message_sid TEXT PRIMARY KEY,
        environment TEXT,
        from_number TEXT NOT NULL,
        to_number TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX inbound_by_sender ON inbound (from_number, received_at);

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        sending_since INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
    `,
  },
  {
    version: 2,
    description: 'consent questions keep until when a reply answers them',
    // Partial index: only consent questions have reply_by, so ordinary sends pay nothing for it.
    sql: `
      ALTER TABLE messages ADD COLUMN reply_by INTEGER;
      CREATE INDEX messages_awaiting_reply ON messages (to_number, reply_by) WHERE reply_by IS NOT NULL;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Applies every migration newer than the database in one immediate transaction, so two
 * processes opening a fresh file at the same moment cannot both run the same migration.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new FlowSmsError(
        'store_too_new',
        `The flow-sms database has schema version ${current}, but this flow-sms knows only up to ${SCHEMA_VERSION}. Upgrade flow-sms or use another data directory.`,
        'path',
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
