import type { SqliteDatabase } from './database';
import { codeFromText, type Row } from './message-record';
import { FAILED_STATUSES, isStatusAdvance } from './status';

export interface StatusChange {
  status: string;
  errorCode: string | number | null;
  /** False when the status arrived out of order (or is unknown) and left the message as it was. */
  applied: boolean;
  at: Date;
  source: string;
}

/**
 * Every status reported for a message, kept whether or not it moved the message, with where it
 * came from (`flow-sms`, `send`, `status-callback`). Callers run inside their own transaction.
 */
export function createStatusHistory(db: SqliteDatabase) {
  const insert = db.prepare(
    `INSERT INTO message_status_history (message_id, status, error_code, applied, at, source)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );

  const setStatus = db.prepare('UPDATE messages SET status = ?, updated_at = ? WHERE id = ?');
  const setError = db.prepare(
    'UPDATE messages SET error_code = ?, error_message = coalesce(error_message, ?) WHERE id = ?',
  );
  const byMessage = db.prepare<[string], Row>(
    'SELECT * FROM message_status_history WHERE message_id = ? ORDER BY id',
  );

  const record = (
    messageId: string,
    status: string,
    errorCode: string | number | null,
    applied: boolean,
    at: number,
    source: string,
  ) => {
    insert.run(messageId, status, errorCode, applied ? 1 : 0, at, source);
  };

  /** Keeps Twilio's error on a message it reports failed or undelivered; true when one was kept. */
  const keepError = (messageId: string, status: string, errorCode: string | null): boolean => {
    if (!errorCode || !(FAILED_STATUSES as readonly string[]).includes(status)) return false;
    setError.run(errorCode, `Twilio reported the message ${status} with error ${errorCode}`, messageId);
    return true;
  };

  return {
    record,
    keepError,
    /** Moves the message to `status` only when that ranks higher; records the report either way. */
    advance(row: Row, status: string, errorCode: string | null, at: number, source: string): boolean {
      const applied = isStatusAdvance(row.status as string, status);
      record(row.id as string, status, errorCode, applied, at, source);
      if (applied) {
        setStatus.run(status, at, row.id);
        keepError(row.id as string, status, errorCode);
      }
      return applied;
    },
    list(messageId: string): StatusChange[] {
      return byMessage.all(messageId).map((row) => ({
        status: row.status as string,
        errorCode: codeFromText(row.error_code as string | null),
        applied: row.applied === 1,
        at: new Date(row.at as number),
        source: row.source as string,
      }));
    },
  };
}

export type StatusHistory = ReturnType<typeof createStatusHistory>;
