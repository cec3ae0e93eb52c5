import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../core/errors';
import { E164_PATTERN, MESSAGING_SERVICE_SID_PATTERN } from '../core/schemas/sender';

/**
 * Carriers and Twilio meter throughput in message SEGMENTS per second, per sender: a three-segment
 * message costs three times what a one-segment one does. Sending faster only fills Twilio's queue
 * (and, past its limit, fails with 30001), so the executor paces itself per sender.
 */
export type SenderKind = 'long-code' | 'toll-free' | 'short-code' | 'messaging-service';

/** Twilio's default throughput per sender kind, in segments per second. */
export const DEFAULT_SEGMENTS_PER_SECOND: Readonly<Record<SenderKind, number>> = {
  'long-code': 1,
  'toll-free': 3,
  'short-code': 100,
  // A Messaging Service sends through a pool of numbers; its real rate is the sum of its
  // senders', which only the account owner knows. 10 is a cautious default to override.
  'messaging-service': 10,
};

// North American toll-free area codes.
const TOLL_FREE = /^\+1(800|833|844|855|866|877|888)\d{7}$/;
// US and Canadian short codes are 5 or 6 digits, other countries use 3 to 8, never with a plus.
const SHORT_CODE = /^\d{3,8}$/;

export function senderKindOf(sender: string): SenderKind {
  if (typeof sender !== 'string') {
    throw new FlowSmsError('invalid_input', 'sender must be a string', 'sender');
  }
  const value = sender.trim();
  if (MESSAGING_SERVICE_SID_PATTERN.test(value)) return 'messaging-service';
  if (SHORT_CODE.test(value)) return 'short-code';
  if (TOLL_FREE.test(value)) return 'toll-free';
  if (E164_PATTERN.test(value)) return 'long-code';
  throw new FlowSmsError(
    'invalid_sender',
    `sender ${JSON.stringify(sender)} is not an E.164 number, a short code or a Messaging Service SID`,
    'sender',
  );
}

const rateSchema = z.number().positive('must be more than 0 segments per second').max(10_000);

export const rateLimiterOptionsSchema = z.object({
  /** Segments per second for each sender kind; unset kinds keep Twilio's defaults. */
  segmentsPerSecond: z
    .object({
      'long-code': rateSchema.optional(),
      'toll-free': rateSchema.optional(),
      'short-code': rateSchema.optional(),
      'messaging-service': rateSchema.optional(),
    })
    .optional(),
  /** Segments per second for one sender (its E.164 number, short code or MG SID). */
  perSender: z.record(z.string(), rateSchema).optional(),
  /** Milliseconds since an epoch; injectable so tests run on a fake clock. */
  now: z
    .custom<() => number>((v) => typeof v === 'function', 'must be a function returning milliseconds')
    .optional(),
  sleep: z
    .custom<(ms: number) => Promise<void>>(
      (v) => typeof v === 'function',
      'must be a function (ms) => Promise',
    )
    .optional(),
});
export type SegmentRateLimiterOptions = z.input<typeof rateLimiterOptionsSchema>;

export interface SegmentRateLimiter {
  kindOf(sender: string): SenderKind;
  /** Segments per second this sender may send. */
  rateFor(sender: string): number;
  setRate(sender: string, segmentsPerSecond: number): void;
  /**
   * Books `segments` for `sender` and returns how many milliseconds the caller must wait before
   * sending. Bookings are served in call order, so concurrent sends keep their order.
   */
  reserve(sender: string, segments: number): number;
  /** `reserve`, then waits. Resolves with the milliseconds waited. */
  acquire(sender: string, segments: number): Promise<number>;
}

interface Bucket {
  /** Tokens (segments) available at time `at`; negative after a long message borrowed ahead. */
  tokens: number;
  /** When `tokens` was computed; may lie in the future once sends are booked ahead. */
  at: number;
}

/**
 * A token bucket per sender. The bucket holds one second of throughput (at least one segment),
 * so a burst after a quiet spell goes out at once. A message longer than the bucket is not
 * refused: it waits for a full bucket and borrows the rest, and the next send waits it off.
 */
export function createRateLimiter(options: SegmentRateLimiterOptions = {}): SegmentRateLimiter {
  const config = parseOrThrow(rateLimiterOptionsSchema, options, 'rate limiter options');
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const kindRates = { ...DEFAULT_SEGMENTS_PER_SECOND, ...definedOnly(config.segmentsPerSecond ?? {}) };
  const senderRates = new Map<string, number>();
  for (const [sender, rate] of Object.entries(config.perSender ?? {})) {
    senderKindOf(sender);
    senderRates.set(sender.trim(), rate);
  }
  const buckets = new Map<string, Bucket>();

  const rateFor = (sender: string) => senderRates.get(sender.trim()) ?? kindRates[senderKindOf(sender)];

  const reserve = (sender: string, segments: number): number => {
    if (!Number.isInteger(segments) || segments < 1) {
      throw new FlowSmsError(
        'invalid_input',
        `segments must be a whole number of at least 1 (got ${segments})`,
        'segments',
      );
    }
    const key = sender.trim();
    const perMs = rateFor(key) / 1000;
    const capacity = Math.max(1, perMs * 1000);
    const current = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: current };
    const start = Math.max(current, bucket.at);
    const available = Math.min(capacity, bucket.tokens + (start - bucket.at) * perMs);
    const needed = Math.min(segments, capacity);
    const grantedAt = available >= needed ? start : start + (needed - available) / perMs;
    buckets.set(key, { tokens: Math.max(available, needed) - segments, at: grantedAt });
    // Float drift must not turn an exact 1000 ms into 1000.0000001.
    return Math.max(0, Math.ceil(grantedAt - current - 1e-6));
  };

  return {
    kindOf: senderKindOf,
    rateFor,
    setRate(sender, segmentsPerSecond) {
      senderKindOf(sender);
      const rate = parseOrThrow(rateSchema, segmentsPerSecond, 'rate');
      senderRates.set(sender.trim(), rate);
    },
    reserve,
    async acquire(sender, segments) {
      const wait = reserve(sender, segments);
      if (wait > 0) await sleep(wait);
      return wait;
    },
  };
}

function definedOnly<T extends Record<string, number | undefined>>(
  values: T,
): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, number>
  >;
}
