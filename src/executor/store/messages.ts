import { createAttemptLog } from './attempts';
import type { SqliteDatabase } from './database';
import { createMessageQueries } from './message-queries';
import { createMessageLookups } from './message-record';
import { createMessageWrites } from './message-writes';
import { createStatusHistory, type StatusChange } from './status-history';

export type { AttemptOutcome, AttemptRecord, AttemptResult } from './attempts';
export type { MessageStats } from './message-queries';
export type { MessageRecord } from './message-record';
export type { AcceptedSend } from './message-writes';
export type { StatusChange } from './status-history';

/**
 * The message log: every message with its status history and its attempts. Each method is one
 * synchronous transaction, so what a caller has been told is recorded is on disk.
 */
export function createMessageRepository(db: SqliteDatabase, identityOf: (sender: string) => string) {
  const lookups = createMessageLookups(db);
  const history = createStatusHistory(db);
  return {
    ...createMessageWrites(db, lookups, history, identityOf),
    ...createMessageQueries(db, lookups),
    /** Every status reported for the message, oldest first, including those that changed nothing. */
    statusHistory(messageId: string): StatusChange[] {
      return history.list(messageId);
    },
    ...createAttemptLog(db, history),
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;
