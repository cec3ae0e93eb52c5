import { type Environment, environmentSchema } from '../../core/environments';
import { parseOrThrow } from '../../core/errors';
import type { SqliteDatabase } from './database';
import { dateSchema, type InboundInput, inboundInputSchema, nonEmptyString } from './schemas';

export interface InboundMessage {
  messageSid: string;
  environment: Environment | null;
  from: string;
  to: string;
  body: string;
  receivedAt: Date;
}

interface InboundRow {
  message_sid: string;
  environment: Environment | null;
  from_number: string;
  to_number: string;
  body: string;
  received_at: number;
}

const toInbound = (row: InboundRow): InboundMessage => ({
  messageSid: row.message_sid,
  environment: row.environment,
  from: row.from_number,
  to: row.to_number,
  body: row.body,
  receivedAt: new Date(row.received_at),
});

/** Messages people sent to the host's numbers, keyed by Twilio's MessageSid so a retried webhook counts once. */
export function createInboundRepository(db: SqliteDatabase, now: () => Date) {
  const insert = db.prepare(
    `INSERT INTO inbound (message_sid, environment, from_number, to_number, body, received_at, recorded_at)
     VALUES (@sid, @environment, @from, @to, @body, @at, @recordedAt)
     ON CONFLICT (message_sid) DO NOTHING`,
  );
  return {
    /** Records an inbound SMS; returns false when this MessageSid was already recorded (a duplicate webhook). */
    recordInbound(messageSid: string, message: InboundInput): boolean {
      const sid = parseOrThrow(nonEmptyString, messageSid, 'inbound messageSid');
      const input = parseOrThrow(inboundInputSchema, message, 'inbound message');
      const result = insert.run({
        sid,
        environment: input.environment ?? null,
        from: input.from,
        to: input.to,
        body: input.body,
        at: input.at.getTime(),
        recordedAt: now().getTime(),
      });
      return result.changes === 1;
    },
    /** Drops a recorded MessageSid whose processing failed, so its redelivery is processed. */
    forgetInbound(messageSid: string): void {
      db.prepare('DELETE FROM inbound WHERE message_sid = ?').run(messageSid);
    },
    inboundBySid(messageSid: string): InboundMessage | null {
      const row = db
        .prepare<[string], InboundRow>('SELECT * FROM inbound WHERE message_sid = ?')
        .get(messageSid);
      return row ? toInbound(row) : null;
    },
    /**
     * What `from` sent at or after `since`, oldest first; `to` narrows it to one of the host's
     * numbers and `environment` to one environment (rows recorded without one always match).
     */
    inboundFrom(query: {
      from: string;
      since: Date;
      to?: string | null;
      environment?: Environment;
    }): InboundMessage[] {
      const since = parseOrThrow(dateSchema, query.since, 'inboundFrom since');
      if (query.environment !== undefined) parseOrThrow(environmentSchema, query.environment, 'environment');
      return db
        .prepare<[Record<string, string | number | null>], InboundRow>(
          `SELECT * FROM inbound
           WHERE from_number = @from AND received_at >= @since
             AND (@to IS NULL OR to_number = @to)
             AND (@environment IS NULL OR environment IS NULL OR environment = @environment)
           ORDER BY received_at, rowid`,
        )
        .all({
          from: query.from,
          since: since.getTime(),
          to: query.to ?? null,
          environment: query.environment ?? null,
        })
        .map(toInbound);
    },
  };
}

export type InboundRepository = ReturnType<typeof createInboundRepository>;
