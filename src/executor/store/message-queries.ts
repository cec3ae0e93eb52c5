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

/** Reading the message log: single messages, the newest ones, and delivery counts. */
export function createMessageQueries(db: SqliteDatabase, lookups: MessageLookups) {
  const { byId, byKey, bySid } = lookups;
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
