import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import { createRng, type Rng } from './rng';
import { faultRatesSchema, type SandboxFault, type SandboxFaultInput, sandboxFaultSchema } from './schemas';

const AFTER_ACCEPT = new Set<SandboxFault['kind']>([
  'server-error-after-accept',
  'timeout-after-accept',
  'reset-after-accept',
  'fail-after-accept',
]);

const timesSchema = z.number().int().min(1).max(100_000);

/** True for faults that strike once the message is stored (they need a valid request). */
export function strikesAfterAccept(fault: SandboxFault): boolean {
  return AFTER_ACCEPT.has(fault.kind);
}

export interface DrawnFault {
  fault: SandboxFault;
  /** Queued faults go back to the queue when the request cannot use them; drawn ones do not. */
  queued: boolean;
}

/**
 * The faults waiting for the next send requests: queued one-off faults first (in order), then,
 * when the queue is empty, a draw against the configured rates.
 */
export class FaultBook {
  #queue: SandboxFault[] = [];
  #rates: Array<{ fault: SandboxFault; rate: number }> = [];
  readonly #rng: Rng;

  constructor(seed: number) {
    this.#rng = createRng(seed);
  }

  /** Queues `fault` for the next `times` send requests. */
  inject(fault: SandboxFaultInput, times = 1): void {
    const parsed = parseOrThrow(sandboxFaultSchema, fault, 'sandbox fault');
    const count = parseOrThrow(timesSchema, times, 'fault repetitions (times)');
    for (let i = 0; i < count; i++) this.#queue.push(parsed);
  }

  /** Replaces the random faults: each send request draws at most one of them, with its probability. */
  setRates(rates: Array<{ fault: SandboxFaultInput; rate: number }>): void {
    this.#rates = parseOrThrow(faultRatesSchema, rates, 'fault rates');
  }

  clear(): void {
    this.#queue = [];
    this.#rates = [];
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** The fault for the send request now arriving, if any. */
  take(): DrawnFault | null {
    const queued = this.#queue.shift();
    if (queued) return { fault: queued, queued: true };
    if (this.#rates.length === 0) return null;
    // One draw per request whatever the outcome, so the sequence depends only on the seed.
    let draw = this.#rng();
    for (const { fault, rate } of this.#rates) {
      if (draw < rate) return { fault, queued: false };
      draw -= rate;
    }
    return null;
  }

  /** Returns a queued fault the request could not use, to strike the next one instead. */
  putBack(drawn: DrawnFault): void {
    if (drawn.queued) this.#queue.unshift(drawn.fault);
  }
}
