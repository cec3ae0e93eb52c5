import { randomUUID } from 'node:crypto';
import { parseOrThrow } from '../../core/errors';
import type { SendSmsBranch } from '../../core/schemas/send-sms-node';
import type { SqliteDatabase } from './database';
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
import { isKnownStatus } from './status';
import type { StatusHistory } from './status-history';

export interface AcceptedSend {
  sid: string;
  status: string;
  sentFrom?: string | null;
  segments?: number | null;
  price?: string | null;
  priceUnit?: string | null;
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
      history.record(
        id,
        row.status as string,
        row.error_code as string | null,
        true,
        input.at.getTime(),
        'flow-sms',
      );
    }
    return { message: toMessage(byKey.get(input.idempotencyKey) as Row), created: inserted.changes === 1 };
  });

  const setSid = db.prepare('UPDATE messages SET sid = ? WHERE id = ?');
  const setAccepted = db.prepare(
    `UPDATE messages SET outcome = coalesce(outcome, 'sent'), sent_from = coalesce(@sentFrom, sent_from),
       segments = coalesce(@segments, segments), price = coalesce(@price, price),
       price_unit = coalesce(@priceUnit, price_unit), updated_at = @at
     WHERE id = @id`,
  );
  const setOutcome = db.prepare(
    `UPDATE messages SET outcome = @outcome, error_code = @code, error_message = @message, error_hint = @hint,
       updated_at = @at WHERE id = @id`,
  );
  const setStatus = db.prepare('UPDATE messages SET status = ? WHERE id = ?');

  const bind = db.transaction((id: string, sid: string): boolean => {
    const owner = bySid.get(sid);
    if (owner) return owner.id === id;
    const row = rowOf(id);
    if (row.sid !== null && row.sid !== sid) return false;
    setSid.run(sid, id);
    return true;
  });

  const accept = db.transaction((id: string, send: AcceptedSend) => {
    if (!bind(id, send.sid)) {
      throw new Error(`flow-sms store: sid ${send.sid} already belongs to another message than ${id}`);
    }
    const at = send.at.getTime();
    setAccepted.run({
      id,
      at,
      sentFrom: send.sentFrom ?? null,
      segments: send.segments ?? null,
      price: send.price ?? null,
      priceUnit: send.priceUnit ?? null,
    });
    history.advance(rowOf(id), send.status.toLowerCase(), null, at, 'send');
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
      setOutcome.run({
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
        setStatus.run(status, id);
        history.record(id, status, codeToText(details.error?.code), true, at, 'flow-sms');
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
      return create.immediate(parseOrThrow(newMessageSchema, input, 'message'));
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
  };
}
