import { parseOrThrow } from '../../core/errors';
import type { SendSmsBranch } from '../../core/schemas/send-sms-node';
import { atomic, type SqliteDatabase } from './database';
import { newMessageId } from './message-id';
import { codeToText, type MessageLookups, type MessageRecord, type Row, toMessage } from './message-record';
import {
  type ErrorInfo,
  errorInfoSchema,
  type NewMessage,
  newMessageSchema,
  nonEmptyString,
  outcomeSchema,
  statusUpdateSchema,
} from './schemas';
import { isKnownStatus, isStatusAdvance } from './status';
import type { StatusHistory } from './status-history';

export interface AcceptedSend {
  sid: string;
  status: string;
  sentFrom?: string | null;
  segments?: number | null;
  price?: string | null;
  priceUnit?: string | null;
  /** Twilio's error, when a lookup finds the message already failed or undelivered. */
  errorCode?: number | null;
  at: Date;
}

/**
 * Everything that changes a message: creating it under its idempotency key, tying it to a Twilio
 * sid, accepting or ending it, and applying delivery statuses. Each is one transaction.
 */
export function createMessageWrites(
  db: SqliteDatabase,
  lookups: MessageLookups,
  history: StatusHistory,
  identityOf: (sender: string) => string,
) {
  const { byId, byKey, bySid, rowOf } = lookups;

  const insertMessage = db.prepare<[Row]>(
    `INSERT INTO messages (id, idempotency_key, purpose, environment, run_id, node_id, recipient_input, to_number,
       from_sender, sender_identity, body, segments, encoding, status, outcome, error_code, error_message, error_hint,
       consent_mode, consent_at, consent_evidence, status_callback, reply_by, created_at, updated_at)
     VALUES (@id, @idempotency_key, @purpose, @environment, @run_id, @node_id, @recipient_input, @to_number,
       @from_sender, @sender_identity, @body, @segments, @encoding, @status, @outcome, @error_code, @error_message,
       @error_hint, @consent_mode, @consent_at, @consent_evidence, @status_callback, @reply_by, @created_at,
       @updated_at)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const stateOf = db.prepare<[string], Row>('SELECT id, sid, status FROM messages WHERE id = ?');
  /** What binding a sid and ranking a status need of a message that must exist. */
  const stateOfExisting = (id: string): Row => {
    const row = stateOf.get(id);
    if (!row) throw new Error(`flow-sms store: message ${id} does not exist`);
    return row;
  };
  const sidOwner = db.prepare<[string], { id: string }>('SELECT id FROM messages WHERE sid = ?');
  const setSid = db.prepare('UPDATE messages SET sid = ? WHERE id = ?');
  const setAccepted = db.prepare<[Row], Row>(
    `UPDATE messages SET sid = @sid, outcome = coalesce(outcome, 'sent'), sent_from = coalesce(@sentFrom, sent_from),
       segments = coalesce(@segments, segments), price = coalesce(@price, price),
       price_unit = coalesce(@priceUnit, price_unit), status = @status, updated_at = @at,
       -- A consent question's reply window starts when Twilio takes the question, not when it was
       -- logged: a rate limit or a retry may hold it back longer than the window itself.
       reply_by = CASE WHEN outcome IS NULL AND reply_by IS NOT NULL THEN @at + (reply_by - created_at)
         ELSE reply_by END
     WHERE id = @id RETURNING *`,
  );
  const setOutcome = db.prepare<[Row], Row>(
    `UPDATE messages SET outcome = @outcome, status = @status, error_code = @code, error_message = @message,
       error_hint = @hint, updated_at = @at WHERE id = @id RETURNING *`,
  );

  const create = atomic(db, (input: ReturnType<typeof newMessageSchema.parse>) => {
    const at = input.at.getTime();
    // The row exactly as inserted: it becomes the returned record without reading it back.
    const row: Row = {
      id: input.id ?? newMessageId(at),
      idempotency_key: input.idempotencyKey,
      purpose: input.purpose,
      environment: input.environment,
      run_id: input.runId,
      node_id: input.nodeId,
      recipient_input: input.recipientInput,
      to_number: input.to,
      from_sender: input.from,
      sender_identity: input.from ? identityOf(input.from) : null,
      sent_from: null,
      body: input.body,
      segments: input.segments,
      encoding: input.encoding,
      status: input.result ? (input.result.outcome === 'failed' ? 'failed' : 'not_sent') : 'pending',
      outcome: input.result?.outcome ?? null,
      sid: null,
      error_code: codeToText(input.result?.error?.code),
      error_message: input.result?.error?.message ?? null,
      error_hint: input.result?.error?.hint ?? null,
      price: null,
      price_unit: null,
      consent_mode: input.consent?.mode ?? null,
      consent_at: input.consentAt?.getTime() ?? null,
      consent_evidence: input.consent ? JSON.stringify(input.consent) : null,
      status_callback: input.statusCallback,
      reply_by: input.replyBy?.getTime() ?? null,
      created_at: at,
      updated_at: at,
    };
    if (insertMessage.run(row).changes === 0) {
      return { message: toMessage(byKey.get(input.idempotencyKey) as Row), created: false };
    }
    history.record(
      row.id as string,
      row.status as string,
      row.error_code as string | null,
      true,
      at,
      'flow-sms',
    );
    return { message: toMessage(row), created: true };
  });

  /** Whether `sid` may be tied to the message in `row`: it has no other sid, and no other message has this one. */
  const canBind = (row: Row, sid: string) => {
    if (row.sid !== null) return row.sid === sid;
    const owner = sidOwner.get(sid);
    return !owner || owner.id === row.id;
  };

  const bind = atomic(db, (id: string, sid: string): boolean => {
    const row = stateOfExisting(id);
    if (!canBind(row, sid)) return false;
    if (row.sid === null) setSid.run(sid, id);
    return true;
  });

  const accept = atomic(db, (id: string, send: AcceptedSend) => {
    const row = stateOfExisting(id);
    if (!canBind(row, send.sid)) {
      throw new Error(`flow-sms store: sid ${send.sid} already belongs to another message than ${id}`);
    }
    const at = send.at.getTime();
    const status = send.status.toLowerCase();
    // Status only moves forward, as in StatusHistory.advance. A send Twilio has just accepted carries
    // no error code; one found later by a lookup may already be undelivered, with Twilio's reason.
    const applied = isStatusAdvance(row.status as string, status);
    const errorCode = codeToText(send.errorCode);
    const updated = setAccepted.get({
      id,
      at,
      sid: send.sid,
      status: applied ? status : (row.status as string),
      sentFrom: send.sentFrom ?? null,
      segments: send.segments ?? null,
      price: send.price ?? null,
      priceUnit: send.priceUnit ?? null,
    }) as Row;
    history.record(id, status, errorCode, applied, at, 'send');
    if (applied && history.keepError(id, status, errorCode)) return toMessage(rowOf(id));
    return toMessage(updated);
  });

  const finish = atomic(
    db,
    (
      id: string,
      outcome: SendSmsBranch,
      details: { status?: string; error?: ErrorInfo | null; at: Date },
    ) => {
      const row = rowOf(id);
      if (row.outcome !== null) return toMessage(row);
      const at = details.at.getTime();
      const code = codeToText(details.error?.code);
      const status = details.status ?? (outcome === 'failed' ? 'failed' : 'not_sent');
      const updated = setOutcome.get({
        id,
        outcome,
        at,
        status,
        code,
        message: details.error?.message ?? null,
        hint: details.error?.hint ?? null,
      }) as Row;
      // A run that ended before Twilio had the message has no status to rank; record it as it is.
      if (status !== row.status) history.record(id, status, code, true, at, 'flow-sms');
      return toMessage(updated);
    },
  );

  const apply = atomic(
    db,
    (update: { sid: string; status: string; errorCode: string | null; at: Date }, messageId?: string) => {
      let row = bySid.get(update.sid);
      if (!row && messageId && byId.get(messageId)) {
        // The status callback beat the send response (or the response was lost): its outboxId tells whose sid this is.
        if (bind(messageId, update.sid)) row = byId.get(messageId);
      }
      if (!row) return null;
      const known = isKnownStatus(update.status);
      const applied = history.advance(
        row,
        update.status,
        update.errorCode,
        update.at.getTime(),
        'status-callback',
      );
      return { message: toMessage(rowOf(row.id as string)), applied, known };
    },
  );

  return {
    /**
     * Adds a message under its idempotency key. When the key is already there, nothing is written
     * and the existing message comes back with `created: false`.
     */
    createMessage(input: NewMessage): { message: MessageRecord; created: boolean } {
      return create(parseOrThrow(newMessageSchema, input, 'message'));
    },
    /** Ties a Twilio sid to a message; false when the sid already belongs to another message. */
    bindSid(messageId: string, sid: string): boolean {
      return bind(messageId, parseOrThrow(nonEmptyString, sid, 'sid'));
    },
    /** Twilio accepted the message: the node's branch is `sent`. */
    markAccepted(messageId: string, send: AcceptedSend): MessageRecord {
      return accept(messageId, send);
    },
    /** Ends a message on a branch other than `sent` (the first decision stands; later calls change nothing). */
    finishMessage(
      messageId: string,
      outcome: SendSmsBranch,
      details: { status?: string; error?: ErrorInfo | null; at: Date },
    ): MessageRecord {
      const branch = parseOrThrow(outcomeSchema, outcome, 'outcome');
      const error = details.error ? parseOrThrow(errorInfoSchema, details.error, 'error') : null;
      return finish(messageId, branch, { ...details, error });
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
      return apply({ ...update, errorCode: codeToText(update.errorCode) }, messageId);
    },
  };
}
