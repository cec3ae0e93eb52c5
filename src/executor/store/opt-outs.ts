import { type Environment, environmentSchema } from '../../core/environments';
import { parseOrThrow } from '../../core/errors';
import { atomic, type SqliteDatabase } from './database';
import { optOutEventSchema, optOutKeySchema } from './schemas';
import type { SenderIdentityResolver } from './sender-identity';

export interface OptOutState {
  environment: Environment;
  recipient: string;
  senderIdentity: string;
  optedOut: boolean;
  changedAt: Date;
  source: string;
}

export interface OptOutEvent extends OptOutState {
  /** False when a newer event had already decided the state (a replayed or late event). */
  applied: boolean;
  recordedAt: Date;
}

interface OptOutRow {
  environment: Environment;
  recipient: string;
  sender_identity: string;
  opted_out: number;
  changed_at: number;
  source: string;
}

const toState = (row: OptOutRow): OptOutState => ({
  environment: row.environment,
  recipient: row.recipient,
  senderIdentity: row.sender_identity,
  optedOut: row.opted_out === 1,
  changedAt: new Date(row.changed_at),
  source: row.source,
});

/**
 * Opt-outs per (environment, recipient, sender identity). Each event is kept (the record-keeping
 * that TCPA asks for) and the current state follows the newest event by its own time, not by the
 * order events arrive: a START replayed from an hour ago cannot undo a STOP sent a minute ago.
 */
export function createOptOutRepository(
  db: SqliteDatabase,
  identityOf: SenderIdentityResolver,
  now: () => Date,
) {
  const current = db.prepare<[string, string, string], OptOutRow>(
    'SELECT * FROM opt_outs WHERE environment = ? AND recipient = ? AND sender_identity = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO opt_outs (environment, recipient, sender_identity, opted_out, changed_at, source)
     VALUES (@environment, @recipient, @identity, @optedOut, @at, @source)
     ON CONFLICT (environment, recipient, sender_identity)
     DO UPDATE SET opted_out = excluded.opted_out, changed_at = excluded.changed_at, source = excluded.source`,
  );
  const logEvent = db.prepare(
    `INSERT INTO opt_out_events (environment, recipient, sender_identity, opted_out, at, source, applied, recorded_at)
     VALUES (@environment, @recipient, @identity, @optedOut, @at, @source, @applied, @recordedAt)`,
  );

  const record = atomic(db, (event: Record<string, string | number>): boolean => {
    const existing = current.get(
      event.environment as string,
      event.recipient as string,
      event.identity as string,
    );
    const applied = !existing || (event.at as number) >= existing.changed_at;
    if (applied) upsert.run(event);
    logEvent.run({ ...event, applied: applied ? 1 : 0, recordedAt: now().getTime() });
    return applied;
  });

  function recordChange(optedOut: boolean, args: unknown[]): boolean {
    const [environment, recipient, sender, at, source] = args;
    const event = parseOrThrow(
      optOutEventSchema,
      { environment, recipient, sender, at, source },
      optedOut ? 'opt-out' : 'opt-in',
    );
    return record({
      environment: event.environment,
      recipient: event.recipient,
      identity: identityOf(event.sender),
      optedOut: optedOut ? 1 : 0,
      at: event.at.getTime(),
      source: event.source,
    });
  }

  function stateOf(environment: Environment, recipient: string, sender: string): OptOutState | null {
    const key = parseOrThrow(optOutKeySchema, { environment, recipient, sender }, 'opt-out lookup');
    const row = current.get(key.environment, key.recipient, identityOf(key.sender));
    return row ? toState(row) : null;
  }

  return {
    /**
     * Records a STOP (or a 21610 from Twilio). `sender` is the number or Messaging Service SID the
     * recipient wrote to or was sent from; it is mapped to its identity. Returns whether the state
     * changed to this event (false when a newer event already decided it).
     */
    recordOptOut(
      environment: Environment,
      recipient: string,
      sender: string,
      at: Date,
      source: string,
    ): boolean {
      return recordChange(true, [environment, recipient, sender, at, source]);
    },
    /** Records a START; same rules as `recordOptOut`. */
    recordOptIn(
      environment: Environment,
      recipient: string,
      sender: string,
      at: Date,
      source: string,
    ): boolean {
      return recordChange(false, [environment, recipient, sender, at, source]);
    },
    isOptedOut(environment: Environment, recipient: string, sender: string): boolean {
      return stateOf(environment, recipient, sender)?.optedOut === true;
    },
    optOutState: stateOf,
    /** Every pair currently opted out in an environment, newest first. */
    listOptOuts(environment: Environment): OptOutState[] {
      parseOrThrow(environmentSchema, environment, 'environment');
      return db
        .prepare<[string], OptOutRow>(
          'SELECT * FROM opt_outs WHERE environment = ? AND opted_out = 1 ORDER BY changed_at DESC',
        )
        .all(environment)
        .map(toState);
    },
    /** Every STOP/START recorded for a recipient, oldest first, including those a newer event outranked. */
    optOutHistory(environment: Environment, recipient: string): OptOutEvent[] {
      return db
        .prepare<[string, string], OptOutRow & { at: number; applied: number; recorded_at: number }>(
          'SELECT * FROM opt_out_events WHERE environment = ? AND recipient = ? ORDER BY at, id',
        )
        .all(environment, recipient.trim())
        .map((row) => ({
          ...toState({ ...row, changed_at: row.at }),
          applied: row.applied === 1,
          recordedAt: new Date(row.recorded_at),
        }));
    },
  };
}

export type OptOutRepository = ReturnType<typeof createOptOutRepository>;
