import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Environment } from '../../core/environments';
import { parseOrThrow } from '../../core/errors';
import type { SendSmsBranch } from '../../core/schemas/send-sms-node';
import type { SqliteDatabase } from './database';
import {
  type ConsentEvidence,
  dateSchema,
  type ErrorInfo,
  errorInfoSchema,
  type MessageFilter,
  type MessagePurpose,
  messageFilterSchema,
  type NewMessage,
  newMessageSchema,
  nonEmptyString,
  outcomeSchema,
  statusUpdateSchema,
} from './schemas';
import { DELIVERED_STATUSES, FAILED_STATUSES, isKnownStatus, isStatusAdvance } from './status';

/** One node execution for one recipient (or the consent question it sent), as the log keeps it. */
export interface MessageRecord {
  id: string;
  idempotencyKey: string;
  purpose: MessagePurpose;
  environment: Environment;
  runId: string;
  nodeId: string;
  /** The recipient as the flow gave it, before normalisation. */
  recipientInput: string | null;
  /** E.164 recipient; null when what was given is not a phone number. */
  to: string | null;
  /** The configured sender: a phone number or a Messaging Service SID. */
  from: string | null;
  senderIdentity: string | null;
  /** The number Twilio actually sent from (differs from `from` for a Messaging Service). */
  sentFrom: string | null;
  body: string | null;
  segments: number | null;
  encoding: 'GSM-7' | 'UCS-2' | null;
  /** Delivery status: Twilio's, or `pending` / `unknown` / `not_sent` before Twilio has it. */
  status: string;
  /** The branch the node took; null while the message is still on its way. */
  outcome: SendSmsBranch | null;
  sid: string | null;
  error: ErrorInfo | null;
  price: string | null;
  priceUnit: string | null;
  consent: ConsentEvidence | null;
  consentAt: Date | null;
  statusCallback: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StatusChange {
  status: string;
  errorCode: string | number | null;
  /** False when the status arrived out of order (or is unknown) and left the message as it was. */
  applied: boolean;
  at: Date;
  source: string;
}

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

export interface AcceptedSend {
  sid: string;
  status: string;
  sentFrom?: string | null;
  segments?: number | null;
  price?: string | null;
  priceUnit?: string | null;
  at: Date;
}

/** Counts for a delivery widget. Consent questions are not counted: they are not the flow's messages. */
export interface MessageStats {
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  optedOut: number;
  declined: number;
}

type Row = Record<string, string | number | null>;

const codeFromText = (code: string | null): string | number | null =>
  code === null ? null : /^\d+$/.test(code) ? Number(code) : code;
const codeToText = (code: string | number | null | undefined): string | null =>
  code === null || code === undefined || code === '' ? null : String(code);
const dateOrNull = (ms: unknown) => (typeof ms === 'number' ? new Date(ms) : null);

function toMessage(row: Row): MessageRecord {
  const code = codeFromText(row.error_code as string | null);
  return {
    id: row.id as string,
    idempotencyKey: row.idempotency_key as string,
    purpose: row.purpose as MessagePurpose,
    environment: row.environment as Environment,
    runId: row.run_id as string,
    nodeId: row.node_id as string,
    recipientInput: row.recipient_input as string | null,
    to: row.to_number as string | null,
    from: row.from_sender as string | null,
    senderIdentity: row.sender_identity as string | null,
    sentFrom: row.sent_from as string | null,
    body: row.body as string | null,
    segments: row.segments as number | null,
    encoding: row.encoding as MessageRecord['encoding'],
    status: row.status as string,
    outcome: row.outcome as SendSmsBranch | null,
    sid: row.sid as string | null,
    error:
      code === null
        ? null
        : {
            code,
            message: (row.error_message as string | null) ?? `Error ${code}`,
            ...(row.error_hint ? { hint: row.error_hint as string } : {}),
          },
    price: row.price as string | null,
    priceUnit: row.price_unit as string | null,
    consent: row.consent_evidence ? (JSON.parse(row.consent_evidence as string) as ConsentEvidence) : null,
    consentAt: dateOrNull(row.consent_at),
    statusCallback: row.status_callback as string | null,
    createdAt: new Date(row.created_at as number),
    updatedAt: new Date(row.updated_at as number),
  };
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

/**
 * The message log: every message with its status history and its attempts. Each method is one
 * synchronous transaction, so what a caller has been told is recorded is on disk.
 */
export function createMessageRepository(db: SqliteDatabase, identityOf: (sender: string) => string) {
  const byId = db.prepare<[string], Row>('SELECT * FROM messages WHERE id = ?');
  const byKey = db.prepare<[string], Row>('SELECT * FROM messages WHERE idempotency_key = ?');
  const bySid = db.prepare<[string], Row>('SELECT * FROM messages WHERE sid = ?');
  const insertHistory = db.prepare(
    `INSERT INTO message_status_history (message_id, status, error_code, applied, at, source)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );

  function rowOf(id: string): Row {
    const row = byId.get(id);
    if (!row) throw new Error(`flow-sms store: message ${id} does not exist`);
    return row;
  }

  const insertMessage = db.prepare(
    `INSERT INTO messages (id, idempotency_key, purpose, environment, run_id, node_id, recipient_input, to_number,
       from_sender, sender_identity, body, segments, encoding, status, outcome, error_code, error_message, error_hint,
       consent_mode, consent_at, consent_evidence, status_callback, created_at, updated_at)
     VALUES (@id, @idempotencyKey, @purpose, @environment, @runId, @nodeId, @recipientInput, @to,
       @from, @senderIdentity, @body, @segments, @encoding, @status, @outcome, @errorCode, @errorMessage, @errorHint,
       @consentMode, @consentAt, @consentEvidence, @statusCallback, @at, @at)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );

  const create = db.transaction((input: ReturnType<typeof newMessageSchema.parse>) => {
    const id = input.id ?? randomUUID();
    const { result: _result, consent: _consent, consentAt: _consentAt, ...columns } = input;
    const inserted = insertMessage.run({
      ...columns,
      id,
      senderIdentity: input.from ? identityOf(input.from) : null,
      status: input.result ? (input.result.outcome === 'failed' ? 'failed' : 'not_sent') : 'pending',
      outcome: input.result?.outcome ?? null,
      errorCode: codeToText(input.result?.error?.code),
      errorMessage: input.result?.error?.message ?? null,
      errorHint: input.result?.error?.hint ?? null,
      consentMode: input.consent?.mode ?? null,
      consentAt: input.consentAt?.getTime() ?? null,
      consentEvidence: input.consent ? JSON.stringify(input.consent) : null,
      at: input.at.getTime(),
    });
    if (inserted.changes === 1) {
      const row = byId.get(id) as Row;
      insertHistory.run(id, row.status, row.error_code, 1, input.at.getTime(), 'flow-sms');
    }
    return { message: toMessage(byKey.get(input.idempotencyKey) as Row), created: inserted.changes === 1 };
  });

  const setStatus = (row: Row, status: string, errorCode: string | null, at: number, source: string) => {
    const applied = isStatusAdvance(row.status as string, status);
    insertHistory.run(row.id, status, errorCode, applied ? 1 : 0, at, source);
    if (applied) {
      db.prepare('UPDATE messages SET status = ?, updated_at = ? WHERE id = ?').run(status, at, row.id);
      if (errorCode && (FAILED_STATUSES as readonly string[]).includes(status)) {
        db.prepare(
          'UPDATE messages SET error_code = ?, error_message = coalesce(error_message, ?) WHERE id = ?',
        ).run(errorCode, `Twilio reported the message ${status} with error ${errorCode}`, row.id);
      }
    }
    return applied;
  };

  const bind = db.transaction((id: string, sid: string): boolean => {
    const owner = bySid.get(sid);
    if (owner) return owner.id === id;
    const row = rowOf(id);
    if (row.sid !== null && row.sid !== sid) return false;
    db.prepare('UPDATE messages SET sid = ? WHERE id = ?').run(sid, id);
    return true;
  });

  const accept = db.transaction((id: string, send: AcceptedSend) => {
    if (!bind(id, send.sid)) {
      throw new Error(`flow-sms store: sid ${send.sid} already belongs to another message than ${id}`);
    }
    const at = send.at.getTime();
    db.prepare(
      `UPDATE messages SET outcome = coalesce(outcome, 'sent'), sent_from = coalesce(@sentFrom, sent_from),
         segments = coalesce(@segments, segments), price = coalesce(@price, price),
         price_unit = coalesce(@priceUnit, price_unit), updated_at = @at
       WHERE id = @id`,
    ).run({
      id,
      at,
      sentFrom: send.sentFrom ?? null,
      segments: send.segments ?? null,
      price: send.price ?? null,
      priceUnit: send.priceUnit ?? null,
    });
    setStatus(rowOf(id), send.status.toLowerCase(), null, at, 'send');
    return toMessage(rowOf(id));
  });

  const finish = db.transaction(
    (
      id: string,
      outcome: SendSmsBranch,
      details: { status?: string; error?: ErrorInfo | null; at: Date },
    ) => {
      const row = rowOf(id);
      if (row.outcome !== null) return toMessage(row);
      const at = details.at.getTime();
      db.prepare(
        `UPDATE messages SET outcome = @outcome, error_code = @code, error_message = @message, error_hint = @hint,
           updated_at = @at WHERE id = @id`,
      ).run({
        id,
        outcome,
        at,
        code: codeToText(details.error?.code),
        message: details.error?.message ?? null,
        hint: details.error?.hint ?? null,
      });
      const status = details.status ?? (outcome === 'failed' ? 'failed' : 'not_sent');
      if (status !== row.status) {
        // A run that ended before Twilio had the message has no status to rank; record it as it is.
        db.prepare('UPDATE messages SET status = ? WHERE id = ?').run(status, id);
        insertHistory.run(id, status, codeToText(details.error?.code), 1, at, 'flow-sms');
      }
      return toMessage(rowOf(id));
    },
  );

  const apply = db.transaction(
    (update: { sid: string; status: string; errorCode: string | null; at: Date }, messageId?: string) => {
      let row = bySid.get(update.sid);
      if (!row && messageId && byId.get(messageId)) {
        // The status callback beat the send response (or the response was lost): its outboxId tells whose sid this is.
        if (bind(messageId, update.sid)) row = byId.get(messageId);
      }
      if (!row) return null;
      const known = isKnownStatus(update.status);
      const applied = setStatus(row, update.status, update.errorCode, update.at.getTime(), 'status-callback');
      return { message: toMessage(rowOf(row.id as string)), applied, known };
    },
  );

  const startAttemptTx = db.transaction((messageId: string, at: Date) => {
    rowOf(messageId);
    const { n } = db.prepare('SELECT count(*) AS n FROM attempts WHERE message_id = ?').get(messageId) as {
      n: number;
    };
    const number = n + 1;
    const result = db
      .prepare(`INSERT INTO attempts (message_id, number, started_at, outcome) VALUES (?, ?, ?, 'pending')`)
      .run(messageId, number, at.getTime());
    // Handed over without an answer yet: if the process dies now, the outcome is unknown, not pending.
    const row = rowOf(messageId);
    if (row.status === 'pending') {
      db.prepare(`UPDATE messages SET status = 'unknown', updated_at = ? WHERE id = ?`).run(
        at.getTime(),
        messageId,
      );
      insertHistory.run(messageId, 'unknown', null, 1, at.getTime(), 'flow-sms');
    }
    return { id: Number(result.lastInsertRowid), number };
  });

  return {
    /**
     * Adds a message under its idempotency key. When the key is already there, nothing is written
     * and the existing message comes back with `created: false`.
     */
    createMessage(input: NewMessage): { message: MessageRecord; created: boolean } {
      return create.immediate(parseOrThrow(newMessageSchema, input, 'message'));
    },
    messageById(id: string): MessageRecord | null {
      const row = byId.get(id);
      return row ? toMessage(row) : null;
    },
    messageByKey(idempotencyKey: string): MessageRecord | null {
      const row = byKey.get(idempotencyKey);
      return row ? toMessage(row) : null;
    },
    messageBySid(sid: string): MessageRecord | null {
      const row = bySid.get(sid);
      return row ? toMessage(row) : null;
    },
    /** Newest first. */
    recentMessages(limit = 50, filter: MessageFilter = {}): MessageRecord[] {
      const count = parseOrThrow(limitSchema, limit, 'recentMessages limit');
      const f = parseOrThrow(messageFilterSchema, filter, 'recentMessages filter');
      return db
        .prepare<[Row], Row>(
          `SELECT * FROM messages WHERE ${filterSql} ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
        )
        .all({ ...filterParams(f), limit: count })
        .map(toMessage);
    },
    statusHistory(messageId: string): StatusChange[] {
      return db
        .prepare<[string], Row>('SELECT * FROM message_status_history WHERE message_id = ? ORDER BY id')
        .all(messageId)
        .map((row) => ({
          status: row.status as string,
          errorCode: codeFromText(row.error_code as string | null),
          applied: row.applied === 1,
          at: new Date(row.at as number),
          source: row.source as string,
        }));
    },
    attempts(messageId: string): AttemptRecord[] {
      return db
        .prepare<[string], Row>('SELECT * FROM attempts WHERE message_id = ? ORDER BY number')
        .all(messageId)
        .map(toAttempt);
    },
    /** Opens an attempt just before a request leaves; the message becomes `unknown` until it is answered. */
    startAttempt(messageId: string, at: Date): { id: number; number: number } {
      return startAttemptTx.immediate(messageId, parseOrThrow(dateSchema, at, 'attempt time'));
    },
    finishAttempt(attemptId: number, result: AttemptResult): void {
      db.prepare(
        `UPDATE attempts SET finished_at = @at, outcome = @outcome, http_status = @httpStatus, error_code = @errorCode,
           error_message = @errorMessage, hint = @hint, sid = @sid WHERE id = @id`,
      ).run({
        id: attemptId,
        at: result.at.getTime(),
        outcome: result.outcome,
        httpStatus: result.httpStatus ?? null,
        errorCode: codeToText(result.errorCode),
        errorMessage: result.errorMessage ?? null,
        hint: result.hint ?? null,
        sid: result.sid ?? null,
      });
    },
    /** Marks attempts left open by a process that died as interrupted; returns how many. */
    closeInterruptedAttempts(messageId: string, at: Date): number {
      return db
        .prepare(
          `UPDATE attempts SET outcome = 'interrupted', finished_at = ?,
             error_message = 'The process stopped before the answer was recorded'
           WHERE message_id = ? AND outcome = 'pending'`,
        )
        .run(at.getTime(), messageId).changes;
    },
    /** Ties a Twilio sid to a message; false when the sid already belongs to another message. */
    bindSid(messageId: string, sid: string): boolean {
      return bind.immediate(messageId, parseOrThrow(nonEmptyString, sid, 'sid'));
    },
    /** Twilio accepted the message: the node's branch is `sent`. */
    markAccepted(messageId: string, send: AcceptedSend): MessageRecord {
      return accept.immediate(messageId, send);
    },
    /** Ends a message on a branch other than `sent` (the first decision stands; later calls change nothing). */
    finishMessage(
      messageId: string,
      outcome: SendSmsBranch,
      details: { status?: string; error?: ErrorInfo | null; at: Date },
    ): MessageRecord {
      const branch = parseOrThrow(outcomeSchema, outcome, 'outcome');
      const error = details.error ? parseOrThrow(errorInfoSchema, details.error, 'error') : null;
      return finish.immediate(messageId, branch, { ...details, error });
    },
    /**
     * Applies a delivery status (from a status callback or a lookup). Status only moves forward:
     * a late `sent` never overwrites `delivered`. Unknown statuses are recorded in the history and
     * change nothing. `messageId` (the callback's `outboxId`) ties a sid seen for the first time to
     * its message. Returns null when no message has this sid.
     */
    applyStatus(
      sid: string,
      status: string,
      errorCode: string | number | null | undefined,
      at: Date,
      messageId?: string,
    ): { message: MessageRecord; applied: boolean; known: boolean } | null {
      const update = parseOrThrow(statusUpdateSchema, { sid, status, errorCode, at }, 'status update');
      return apply.immediate({ ...update, errorCode: codeToText(update.errorCode) }, messageId);
    },
    stats(filter: MessageFilter = {}): MessageStats {
      const f = parseOrThrow(messageFilterSchema, filter, 'stats filter');
      const delivered = DELIVERED_STATUSES.map((s) => `'${s}'`).join(', ');
      const failed = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');
      const row = db
        .prepare<[Row], Record<string, number | null>>(
          `SELECT count(*) AS total,
             sum(outcome IS NULL) AS pending,
             sum(outcome = 'sent') AS sent,
             sum(outcome = 'sent' AND status IN (${delivered})) AS delivered,
             sum(outcome = 'failed' OR (outcome = 'sent' AND status IN (${failed}))) AS failed,
             sum(outcome = 'opted_out') AS optedOut,
             sum(outcome = 'declined') AS declined
           FROM messages WHERE ${filterSql}`,
        )
        .get({ ...filterParams({ ...f, purpose: f.purpose ?? 'message' }) }) as Record<string, number | null>;
      return {
        total: row.total ?? 0,
        pending: row.pending ?? 0,
        sent: row.sent ?? 0,
        delivered: row.delivered ?? 0,
        failed: row.failed ?? 0,
        optedOut: row.optedOut ?? 0,
        declined: row.declined ?? 0,
      };
    },
  };
}

const limitSchema = z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000');

const filterSql = `(@environment IS NULL OR environment = @environment)
  AND (@runId IS NULL OR run_id = @runId)
  AND (@purpose IS NULL OR purpose = @purpose)
  AND (@since IS NULL OR created_at >= @since)`;

function filterParams(filter: { environment?: string; runId?: string; purpose?: string; since?: Date }): Row {
  return {
    environment: filter.environment ?? null,
    runId: filter.runId ?? null,
    purpose: filter.purpose ?? null,
    since: filter.since?.getTime() ?? null,
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;
