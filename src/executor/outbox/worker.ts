import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { optionsObject } from '../../core/schemas/options-object';
import { type Clock, systemClock } from '../executor/clock';
import { createDelivery, type Delivery } from '../executor/delivery';
import { type Logger, silentLogger } from '../executor/logger';
import { type RateLimiter, retryPolicySchema } from '../executor/options';
import type { SendSmsExecutor } from '../executor/send-sms-executor';
import type { FlowSmsStore } from '../store/store';
import type { SmsTransport } from '../transport/types';
import { createSqliteOutbox } from './sqlite-outbox';
import type { Outbox, OutboxEntry } from './types';

const common = {
  /** Messages sent at the same time. */
  concurrency: z.number().int().min(1).max(256).default(4),
  /**
   * Names the worker's leases. Give a stable id (one per worker process) so that a restarted
   * worker takes back at once what it held when it died; by default each start is a new id and
   * such entries wait for their leases to expire.
   */
  workerId: z.string().trim().min(1).optional(),
  leaseMs: z.number().int().min(1_000).default(60_000),
  /** How long an idle worker waits before looking for due entries again. */
  pollIntervalMs: z.number().int().min(1).default(500),
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null).optional(),
};

const hasMethods = (names: string[]) => (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');

// Strict: a worker given an executor sends through the executor's delivery, so a `rateLimiter`
// (or retry policy, store, transport...) passed beside it would be dropped without a word and the
// sends would go out unpaced.
const withExecutorSchema = optionsObject({
  ...common,
  executor: z.custom<SendSmsExecutor>(hasMethods(['execute', 'enqueue']), 'must be a Send SMS executor'),
});
const standaloneSchema = optionsObject({
  ...common,
  store: z.custom<FlowSmsStore>(hasMethods(['messageById', 'isOptedOut']), 'must be a flow-sms store'),
  transport: z.custom<SmsTransport>(
    hasMethods(['send', 'listMessages', 'fetchMessage']),
    'must be an SMS transport',
  ),
  outbox: z.custom<Outbox>(hasMethods(['claimDue', 'markSending']), 'must be an outbox').optional(),
  clock: z.custom<Clock>(hasMethods(['now', 'sleep']), 'must be a clock').optional(),
  retry: retryPolicySchema.default(retryPolicySchema.parse({})),
  rateLimiter: z.custom<RateLimiter>(hasMethods(['acquire']), 'must be a rate limiter').optional(),
});
export type OutboxWorkerOptions = z.input<typeof withExecutorSchema> | z.input<typeof standaloneSchema>;

/** What the worker takes from the executor when it is given one: every option only a standalone worker has. */
const EXECUTOR_OWNED = Object.keys(standaloneSchema.shape).filter((name) => !Object.hasOwn(common, name));

function parseWorkerOptions(options: unknown) {
  if (typeof options !== 'object' || options === null || !('executor' in options)) {
    return parseOrThrow(standaloneSchema, options, 'outbox worker options');
  }
  const given = EXECUTOR_OWNED.filter((name) => name in options);
  if (given.length > 0) {
    const names = given.map((name) => `"${name}"`).join(', ');
    throw new FlowSmsError(
      'invalid_input',
      `Invalid outbox worker options: ${names} cannot be given with "executor": the worker uses the executor's. Pass ${given.length > 1 ? 'them' : 'it'} to createSendSmsExecutor, or give the worker a store and a transport instead of an executor.`,
      given[0],
    );
  }
  return parseOrThrow(withExecutorSchema, options, 'outbox worker options');
}

export interface OutboxWorker {
  readonly id: string;
  /** Takes back its own stale leases, then sends due entries until `stop`. */
  start(): Promise<void>;
  /** Stops claiming and waits for the messages in flight. */
  stop(): Promise<void>;
  /** Sends every entry that is due now (not those backing off into the future); resolves with how many it worked on. */
  drainOnce(): Promise<number>;
}

/**
 * Drains the outbox. Give it the executor (it reuses its outbox, transport, retry policy and
 * clock), or a store and a transport. Entries a crash left `sending` are looked up at Twilio
 * before anything is sent again (see `createDelivery`).
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const o = parseWorkerOptions(options);
  const id = o.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = o.logger ?? silentLogger;
  let outbox: Outbox;
  let delivery: Delivery;
  let clock: Clock;
  if ('executor' in o) {
    ({ outbox, delivery, clock } = o.executor);
  } else {
    outbox = o.outbox ?? createSqliteOutbox(o.store);
    clock = o.clock ?? systemClock;
    delivery = createDelivery({
      store: o.store,
      outbox,
      transport: o.transport,
      clock,
      logger,
      retry: o.retry,
      leaseMs: o.leaseMs,
      pollIntervalMs: o.pollIntervalMs,
      rateLimiter: o.rateLimiter,
    });
  }

  // One task per entry. A task may outlast its lease (a long rate-limit wait), and the loop then
  // claims the entry again under this worker's id: a second task would race the first to send it.
  const inFlight = new Map<string, Promise<void>>();
  const claimedAgain = new Set<string>();
  let running = false;
  let loop: Promise<void> | null = null;
  /** A start() still taking back old leases; stop() waits for it, and a stop meanwhile cancels it. */
  let starting: Promise<void> | null = null;
  let stopRequested = false;
  let wake: (() => void) | null = null;

  function run(entry: OutboxEntry): Promise<void> {
    const already = inFlight.get(entry.id);
    if (already) {
      // Claimed again while its task is still finishing (it was put back due at once, after a
      // 429 with Retry-After: 0, say): the task gives that lease back when it ends, or the entry
      // would sit held by this worker, unsent, until the lease ran out.
      claimedAgain.add(entry.id);
      return already;
    }
    const task = delivery
      .process(entry, id)
      .then(() => undefined)
      .catch((error: unknown) => {
        // The lease stays until it expires: a failing entry is retried after leaseMs, not in a tight loop.
        logger.error?.('Outbox entry failed to process', {
          messageId: entry.id,
          error: (error as Error).message,
        });
      })
      .finally(async () => {
        // No await between the last look at claimedAgain and the delete: a claim made meanwhile is seen.
        while (claimedAgain.delete(entry.id)) {
          await outbox.release(entry.id, id).catch((error: unknown) => {
            logger.error?.('Could not give back an outbox lease', {
              messageId: entry.id,
              error: (error as Error).message,
            });
          });
        }
        inFlight.delete(entry.id);
        wake?.();
      });
    inFlight.set(entry.id, task);
    return task;
  }

  async function claim(limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    return outbox.claimDue({ owner: id, at: clock.now(), leaseMs: o.leaseMs, limit });
  }

  async function idle(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function mainLoop(): Promise<void> {
    while (running) {
      const batch = await claim(o.concurrency - inFlight.size);
      for (const entry of batch) run(entry);
      if (batch.length === 0 || inFlight.size >= o.concurrency) {
        // Nothing due, or every slot busy: wait for a slot to free up, the poll interval, or stop().
        await idle(inFlight.size >= o.concurrency ? 60_000 : o.pollIntervalMs);
      }
    }
    await Promise.all([...inFlight.values()]);
  }

  return {
    id,
    start() {
      if (running) return Promise.resolve();
      if (starting) return starting;
      stopRequested = false;
      starting = (async () => {
        const recovered = await outbox.recoverLeases(id);
        if (recovered > 0)
          logger.info?.('Took back outbox entries left by a previous run', { workerId: id, recovered });
        // stop() was called while the leases were being taken back: it has already returned, so
        // the loop must not begin.
        if (stopRequested) return;
        running = true;
        loop = mainLoop();
      })().finally(() => {
        starting = null;
      });
      return starting;
    },
    async stop() {
      stopRequested = true;
      await starting?.catch(() => undefined);
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    async drainOnce() {
      // Each entry at most once per call: one that is due again at once (a zero back-off) waits for the next call.
      const seen = new Set<string>();
      for (;;) {
        const batch = await claim(o.concurrency);
        const fresh = batch.filter((entry) => !seen.has(entry.id));
        await Promise.all(
          batch.filter((entry) => seen.has(entry.id)).map((entry) => outbox.release(entry.id, id)),
        );
        if (fresh.length === 0) return seen.size;
        for (const entry of fresh) seen.add(entry.id);
        await Promise.all(fresh.map(run));
      }
    },
  };
}
