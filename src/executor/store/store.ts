import type { DatabaseLocation, SqliteDatabase } from './database';
import { openDatabase } from './database';
import { createInboundRepository } from './inbound';
import { createMessageRepository } from './messages';
import { createOptOutRepository } from './opt-outs';
import { createSenderIdentityResolver, type SenderIdentities } from './sender-identity';

export interface StoreOptions extends DatabaseLocation {
  /** Groups senders for opt-outs (see `SenderIdentities`). */
  senderIdentities?: SenderIdentities;
  /** When an event was recorded (as opposed to when it happened); the system clock by default. */
  now?: () => Date;
}

/**
 * Everything flow-sms keeps: opt-outs, the message log with attempts and status history, inbound
 * messages and (in the same file) the SQLite outbox. One store per process is enough; several
 * processes may open the same file.
 */
export function openStore(options: StoreOptions = {}) {
  const db = openDatabase(options);
  const now = options.now ?? (() => new Date());
  const senderIdentityOf = createSenderIdentityResolver(options.senderIdentities);
  return {
    /** The underlying database, for the SQLite outbox and for inspection; not for writing by hand. */
    db: db as SqliteDatabase,
    /** The opt-out identity a sender belongs to. */
    senderIdentityOf,
    ...createOptOutRepository(db, senderIdentityOf, now),
    ...createInboundRepository(db, now),
    ...createMessageRepository(db, senderIdentityOf),
    close(): void {
      if (db.open) db.close();
    },
  };
}

export type FlowSmsStore = ReturnType<typeof openStore>;
