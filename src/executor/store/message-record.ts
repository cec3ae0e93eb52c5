import type Database from 'better-sqlite3';
import type { Environment } from '../../core/environments';
import type { SendSmsBranch } from '../../core/schemas/send-sms-node';
import type { SqliteDatabase } from './database';
import type { ConsentEvidence, ErrorInfo, MessagePurpose } from './schemas';

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
  /**
   * A consent question's reply window: until when a YES or NO answers it. It runs from when Twilio
   * accepted the question (a question held back by a rate limit or a retry keeps its full window).
   */
  replyBy: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, string | number | null>;

// Error codes are kept as text (Twilio's are numbers, ours are words) and read back as they came.
export const codeFromText = (code: string | null): string | number | null =>
  code === null ? null : /^\d+$/.test(code) ? Number(code) : code;
export const codeToText = (code: string | number | null | undefined): string | null =>
  code === null || code === undefined || code === '' ? null : String(code);
export const dateOrNull = (ms: unknown) => (typeof ms === 'number' ? new Date(ms) : null);

export function toMessage(row: Row): MessageRecord {
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
    replyBy: dateOrNull(row.reply_by),
    createdAt: new Date(row.created_at as number),
    updatedAt: new Date(row.updated_at as number),
  };
}

/** A prepared query for one message row by a single text key. */
export type RowLookup = Database.Statement<[string], Row>;

/** Finds a message row by id, idempotency key or Twilio sid. */
export interface MessageLookups {
  byId: RowLookup;
  byKey: RowLookup;
  bySid: RowLookup;
  /** The row of a message that must exist (a caller holding its id). */
  rowOf(id: string): Row;
}

// The declared return type keeps better-sqlite3's Statement named in the emitted declarations
// (an inferred one cannot be written there, and `npm run build` failed on it).
export function createMessageLookups(db: SqliteDatabase): MessageLookups {
  const byId = db.prepare<[string], Row>('SELECT * FROM messages WHERE id = ?');
  const byKey = db.prepare<[string], Row>('SELECT * FROM messages WHERE idempotency_key = ?');
  const bySid = db.prepare<[string], Row>('SELECT * FROM messages WHERE sid = ?');
  return {
    byId,
    byKey,
    bySid,
    rowOf(id: string): Row {
      const row = byId.get(id);
      if (!row) throw new Error(`flow-sms store: message ${id} does not exist`);
      return row;
    },
  };
}
