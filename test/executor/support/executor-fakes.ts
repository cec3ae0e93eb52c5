// Test doubles for the executor's unit tests: a controllable clock and an in-memory transport
// that answers like Twilio would, with scripted outcomes per send.
import type { Clock } from '../../../src/executor/executor/clock';
import type {
  OutboundMessage,
  RemoteMessage,
  SendOutcome,
  SmsTransport,
} from '../../../src/executor/transport/types';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Sleeps started and not yet over (manual clocks only). */
  readonly sleepers: number;
}

/**
 * `auto`: every sleep moves time forward at once (retries and timeouts cost nothing).
 * `manual`: sleeps end only when the test calls `advance`.
 */
export function createFakeClock(
  start = new Date('2025-03-01T12:00:00Z'),
  mode: 'auto' | 'manual' = 'auto',
): FakeClock {
  let now = start.getTime();
  const waiting: { until: number; resolve: () => void }[] = [];
  const release = () => {
    for (const sleeper of [...waiting]) {
      if (sleeper.until <= now) {
        waiting.splice(waiting.indexOf(sleeper), 1);
        sleeper.resolve();
      }
    }
  };
  return {
    now: () => new Date(now),
    async sleep(ms) {
      if (mode === 'auto') {
        now += Math.max(0, ms);
        await Promise.resolve();
        return;
      }
      await new Promise<void>((resolve) => {
        waiting.push({ until: now + Math.max(0, ms), resolve });
      });
    },
    advance(ms) {
      now += ms;
      release();
    },
    get sleepers() {
      return waiting.length;
    },
  };
}

// Shared by every fake transport, so two "processes" in one test never hand out the same sid.
let sidCounter = 0;

export type Responder = (
  message: OutboundMessage,
  attempt: number,
) => SendOutcome | 'accept' | 'accept-silently';

/**
 * Twilio in memory. `script` answers sends in order (then everything is accepted): `'accept'`
 * creates the message, `'accept-silently'` creates it but reports an unknown outcome (the request
 * got through, the response was lost), and a SendOutcome is returned as is (nothing created).
 */
export function createFakeTransport(
  script: Array<Responder | SendOutcome | 'accept' | 'accept-silently'> = [],
) {
  const sent: (OutboundMessage & { at: number })[] = [];
  const remote: RemoteMessage[] = [];
  const lookups: { kind: 'list' | 'fetch'; query: unknown }[] = [];
  let listFailures = 0;
  const clockNow = { fn: () => new Date() };

  const create = (message: OutboundMessage): RemoteMessage => {
    sidCounter += 1;
    const record: RemoteMessage = {
      sid: `SM${sidCounter.toString(16).padStart(32, '0')}`,
      to: message.to,
      from: message.from.startsWith('MG') ? '+15005550006' : message.from,
      body: message.body,
      status: 'queued',
      errorCode: null,
      segments: 1,
      dateCreated: clockNow.fn(),
    };
    remote.push(record);
    return record;
  };

  const transport: SmsTransport & {
    sent: typeof sent;
    remote: typeof remote;
    lookups: typeof lookups;
    followClock(clock: Clock): void;
    failLookups(times: number): void;
  } = {
    kind: 'sandbox',
    sent,
    remote,
    lookups,
    followClock(clock) {
      clockNow.fn = () => clock.now();
    },
    failLookups(times) {
      listFailures = times;
    },
    async send(message) {
      sent.push({ ...message, at: clockNow.fn().getTime() });
      const step = script.shift() ?? 'accept';
      const answer = typeof step === 'function' ? step(message, sent.length) : step;
      if (answer === 'accept' || answer === 'accept-silently') {
        const record = create(message);
        if (answer === 'accept-silently')
          return { kind: 'unknown', reason: 'socket hang up after the request was sent' };
        return {
          kind: 'accepted',
          sid: record.sid,
          status: 'queued',
          from: record.from,
          segments: 1,
          price: null,
          priceUnit: null,
        };
      }
      return answer;
    },
    async fetchMessage(sid) {
      lookups.push({ kind: 'fetch', query: sid });
      return remote.find((m) => m.sid === sid) ?? null;
    },
    async listMessages(query) {
      lookups.push({ kind: 'list', query });
      if (listFailures > 0) {
        listFailures -= 1;
        throw new Error('connect ECONNREFUSED');
      }
      return remote.filter(
        (m) =>
          m.to === query.to &&
          (!query.from || m.from === query.from) &&
          (m.dateCreated?.getTime() ?? 0) >= query.since.getTime(),
      );
    },
  };
  return transport;
}

export const rejected = (
  code: number,
  httpStatus: number,
  message: string,
  retry: { retryable?: boolean; retryAfterMs?: number | null } = {},
): SendOutcome => ({
  kind: 'rejected',
  httpStatus,
  code,
  message,
  moreInfo: `https://www.twilio.com/docs/errors/${code}`,
  retryable: retry.retryable ?? false,
  retryAfterMs: retry.retryAfterMs ?? null,
});

export const SANDBOX_SENDER = '+15005550006';
export const LIVE_SENDER = '+14155550100';
export const PRE_RELEASE_SENDER = '+14155550101';
export const RECIPIENT = '+14155550123';

export const appointmentTemplate = {
  id: 'appointment',
  title: 'Appointment reminder',
  body: 'Hi {{first_name}}, your appointment is on {{date}}.',
  senders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
};

/** A node with the defaults a hand-written flow leaves out. */
export function nodeData(overrides: Record<string, unknown> = {}) {
  return {
    message: { templateId: 'appointment' },
    inputs: {
      first_name: { kind: 'variable', path: 'caller.first_name', fallback: 'there' },
      date: { kind: 'fixed', value: 'Monday 3 March' },
    },
    consent: { mode: 'not-required', reason: 'The caller asked for the details by text' },
    ...overrides,
  };
}
