import type Database from 'better-sqlite3';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import type { SqliteDatabase } from './database';
import { type MessageLookups, type MessageRecord, type Row, toMessage } from './message-record';
import { type MessageFilter, messageFilterSchema } from './schemas';
import { DELIVERED_STATUSES, FAILED_STATUSES } from './status';

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

const limitSchema = z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000');

type Filter = z.output<typeof messageFilterSchema>;

/** The SQL condition of each filter field, on its own so that it can use an index. */
const CONDITIONS: Record<keyof Filter, string> = {
  environment: 'environment = @environment',
  runId: 'run_id = @runId',
  purpose: 'purpose = @purpose',
  since: 'created_at >= @since',
};

/**
 * Only the fields a filter sets become conditions. A catch-all such as
 * `(@runId IS NULL OR run_id = @runId)` reads the same, but SQLite cannot use an index for it:
 * counting one run's messages would read the whole log.
 */
function whereOf(filter: Filter): { sql: string; params: Row } {
  const conditions: string[] = [];
  const params: Row = {};
  for (const field of Object.keys(CONDITIONS) as (keyof Filter)[]) {
    const value = filter[field];
    if (value === undefined) continue;
    conditions.push(CONDITIONS[field]);
    params[field] = value instanceof Date ? value.getTime() : value;
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** Reading the message log: single messages, the newest ones, and delivery counts. */
export function createMessageQueries(db: SqliteDatabase, lookups: MessageLookups) {
  const { byId, byKey, bySid } = lookups;
  // One statement per SQL text: a filter has sixteen possible shapes, each prepared once.
  const statements = new Map<string, Database.Statement<[Row], Row>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<[Row], Row>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
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
    /**
     * The Messaging Service a number last sent for, as Twilio chose it from the service's pool: the
     * service an inbound webhook names (MessagingServiceSid) when someone writes to that number.
     */
    messagingServiceOf(environment: string, number: string): string | null {
      const row = db
        .prepare<[string, string], { from_sender: string }>(
          `SELECT from_sender FROM messages
           WHERE environment = ? AND sent_from = ? AND from_sender LIKE 'MG%'
           ORDER BY created_at DESC LIMIT 1`,
        )
        .get(environment, number);
      return row?.from_sender ?? null;
    },
    /** Newest first. */
    recentMessages(limit = 50, filter: MessageFilter = {}): MessageRecord[] {
      const count = parseOrThrow(limitSchema, limit, 'recentMessages limit');
      const where = whereOf(parseOrThrow(messageFilterSchema, filter, 'recentMessages filter'));
      return prepared(`SELECT * FROM messages ${where.sql} ORDER BY created_at DESC, rowid DESC LIMIT @limit`)
        .all({ ...where.params, limit: count })
        .map(toMessage);
    },
    stats(filter: MessageFilter = {}): MessageStats {
      const f = parseOrThrow(messageFilterSchema, filter, 'stats filter');
      const delivered = DELIVERED_STATUSES.map((s) => `'${s}'`).join(', ');
      const failed = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');
      const where = whereOf({ ...f, purpose: f.purpose ?? 'message' });
      const row = prepared(
        `SELECT count(*) AS total,
             sum(outcome IS NULL) AS pending,
             sum(outcome = 'sent') AS sent,
             sum(outcome = 'sent' AND status IN (${delivered})) AS delivered,
             sum(outcome = 'failed' OR (outcome = 'sent' AND status IN (${failed}))) AS failed,
             sum(outcome = 'opted_out') AS optedOut,
             sum(outcome = 'declined') AS declined
         FROM messages ${where.sql}`,
      ).get(where.params) as Record<string, number | null>;
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
