import { parseOrThrow } from '../../core/errors';
import { atomic, type SqliteDatabase } from './database';
import { codeFromText, codeToText, dateOrNull, type Row } from './message-record';
import { dateSchema } from './schemas';
import type { StatusHistory } from './status-history';

export type AttemptOutcome =
  | 'pending'
  | 'accepted'
  | 'rejected'
  | 'unknown'
  | 'not-sent'
  | 'reconciled'
  | 'not-found';

export interface AttemptRecord {
  id: number;
  messageId: string;
  number: number;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  errorCode: string | number | null;
  errorMessage: string | null;
  hint: string | null;
  sid: string | null;
}

export interface AttemptResult {
  outcome: Exclude<AttemptOutcome, 'pending'>;
  at: Date;
  httpStatus?: number | null;
  errorCode?: string | number | null;
  errorMessage?: string | null;
  hint?: string | null;
  sid?: string | null;
}

function toAttempt(row: Row): AttemptRecord {
  return {
    id: row.id as number,
    messageId: row.message_id as string,
    number: row.number as number,
    startedAt: new Date(row.started_at as number),
    finishedAt: dateOrNull(row.finished_at),
    outcome: row.outcome as AttemptOutcome,
    httpStatus: row.http_status as number | null,
    errorCode: codeFromText(row.error_code as string | null),
    errorMessage: row.error_message as string | null,
    hint: row.hint as string | null,
    sid: row.sid as string | null,
  };
}

/** Each request made to Twilio for a message: opened before it leaves, closed with its answer. */
export function createAttemptLog(db: SqliteDatabase, history: StatusHistory) {
  const countFor = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM attempts WHERE message_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO attempts (message_id, number, started_at, outcome) VALUES (?, ?, ?, 'pending')`,
  );
  const statusOf = db.prepare<[string], { status: string }>('SELECT status FROM messages WHERE id = ?');
  const markUnknown = db.prepare(`UPDATE messages SET status = 'unknown', updated_at = ? WHERE id = ?`);
  const finish = db.prepare<[Row], { message_id: string }>(
    `UPDATE attempts SET finished_at = @at, outcome = @outcome, http_status = @httpStatus, error_code = @errorCode,
       error_message = @errorMessage, hint = @hint, sid = @sid WHERE id = @id RETURNING message_id`,
  );
  const markPending = db.prepare(`UPDATE messages SET status = 'pending', updated_at = ? WHERE id = ?`);
  const closeInterrupted = db.prepare(
    `UPDATE attempts SET outcome = 'interrupted', finished_at = ?,
       error_message = 'The process stopped before the answer was recorded'
     WHERE message_id = ? AND outcome = 'pending'`,
  );
  const byMessage = db.prepare<[string], Row>('SELECT * FROM attempts WHERE message_id = ? ORDER BY number');

  const startAttemptTx = atomic(db, (messageId: string, at: Date) => {
    const row = statusOf.get(messageId);
    if (!row) throw new Error(`flow-sms store: message ${messageId} does not exist`);
    const number = (countFor.get(messageId)?.n ?? 0) + 1;
    const result = insert.run(messageId, number, at.getTime());
    // Handed over without an answer yet: if the process dies now, the outcome is unknown, not pending.
    if (row.status === 'pending') {
      markUnknown.run(at.getTime(), messageId);
      history.record(messageId, 'unknown', null, true, at.getTime(), 'flow-sms');
    }
    return { id: Number(result.lastInsertRowid), number };
  });

  const finishAttemptTx = atomic(db, (attemptId: number, result: AttemptResult) => {
    const at = result.at.getTime();
    const row = finish.get({
      id: attemptId,
      at,
      outcome: result.outcome,
      httpStatus: result.httpStatus ?? null,
      errorCode: codeToText(result.errorCode),
      errorMessage: result.errorMessage ?? null,
      hint: result.hint ?? null,
      sid: result.sid ?? null,
    });
    // Twilio refused the request, or it never reached Twilio: the message is not "unknown" (handed
    // over without an answer) but waiting for its next attempt, or about to end failed.
    if (!row || (result.outcome !== 'rejected' && result.outcome !== 'not-sent')) return;
    if (statusOf.get(row.message_id)?.status !== 'unknown') return;
    markPending.run(at, row.message_id);
    history.record(row.message_id, 'pending', null, true, at, 'flow-sms');
  });

  return {
    attempts(messageId: string): AttemptRecord[] {
      return byMessage.all(messageId).map(toAttempt);
    },
    /** Opens an attempt just before a request leaves; the message becomes `unknown` until it is answered. */
    startAttempt(messageId: string, at: Date): { id: number; number: number } {
      return startAttemptTx(messageId, parseOrThrow(dateSchema, at, 'attempt time'));
    },
    finishAttempt(attemptId: number, result: AttemptResult): void {
      finishAttemptTx(attemptId, result);
    },
    /** Marks attempts left open by a process that died as interrupted; returns how many. */
    closeInterruptedAttempts(messageId: string, at: Date): number {
      return closeInterrupted.run(at.getTime(), messageId).changes;
    },
  };
}
