import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import { optionsObject } from '../../core/schemas/options-object';
import { createConsentQuestionQueries } from './consent-questions';
import type { DatabaseLocation, SqliteDatabase } from './database';
import { openDatabase, whileOpen } from './database';
import { createGroupCommit, type FlushPolicy } from './group-commit';
import { createInboundRepository } from './inbound';
import { createMessageRepository } from './messages';
import { createOptOutRepository } from './opt-outs';
import type { Durability } from './schemas';
import { createSenderIdentityResolver, type SenderIdentities } from './sender-identity';

export interface StoreOptions extends DatabaseLocation {
  /** Groups senders for opt-outs (see `SenderIdentities`). */
  senderIdentities?: SenderIdentities;
  /** When an event was recorded (as opposed to when it happened); the system clock by default. */
  now?: () => Date;
  /**
   * What a commit survives before it is reported done: `power-loss` (default) or `process-crash`,
   * which skips the disk flush per commit (see openDatabase for the trade-off).
   */
  durability?: Durability;
}

const storeOptionNames = optionsObject({
  path: z.unknown().optional(),
  dataDir: z.unknown().optional(),
  cwd: z.unknown().optional(),
  senderIdentities: z.unknown().optional(),
  now: z.unknown().optional(),
  durability: z.unknown().optional(),
} satisfies Record<keyof StoreOptions, z.ZodType>);

/**
 * Everything flow-sms keeps: opt-outs, the message log with attempts and status history, inbound
 * messages and (in the same file) the SQLite outbox. One store per process is enough; several
 * processes may open the same file.
 */
export function openStore(options: StoreOptions = {}) {
  // Only the names are checked here (each value is checked where it is used): a misspelt `dir`
  // would otherwise open the default file under the working directory without a word.
  parseOrThrow(storeOptionNames, options, 'store options');
  const db = openDatabase(options, options.durability);
  const groupCommit = createGroupCommit(db);
  const now = options.now ?? (() => new Date());
  const senderIdentityOf = createSenderIdentityResolver(options.senderIdentities);
  const inbound = createInboundRepository(db, now);
  const repositories = {
    ...createOptOutRepository(db, senderIdentityOf, now),
    ...inbound,
    ...createMessageRepository(db, senderIdentityOf),
    ...createConsentQuestionQueries(db, inbound),
  };
  for (const [name, fn] of Object.entries(repositories)) {
    if (typeof fn === 'function')
      Object.assign(repositories, { [name]: whileOpen(db, fn as (...args: unknown[]) => unknown) });
  }
  return {
    /** The underlying database, for the SQLite outbox and for inspection; not for writing by hand. */
    db: db as SqliteDatabase,
    /** The opt-out identity a sender belongs to. */
    senderIdentityOf,
    ...repositories,
    /**
     * Runs `work` (synchronous calls to this store, and to a SQLite outbox on its database) in a
     * transaction shared with the other work queued in the same turn of the event loop; resolves
     * with its result once that transaction is durable (with `flush: 'later'`, once committed; see
     * FlushPolicy), or rejects with its error (undoing only this work). Concurrent sends use it to
     * share one commit and one disk flush.
     */
    transact<T>(work: () => T, options: { flush?: FlushPolicy } = {}): Promise<T> {
      return groupCommit.run(work, options.flush);
    },
    close(): void {
      groupCommit.close();
      if (db.open) db.close();
    },
  };
}

export type FlowSmsStore = ReturnType<typeof openStore>;
