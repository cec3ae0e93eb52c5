import { createRng } from '../../../src/executor/sandbox/rng';

/** The seed every randomised reliability test starts from; set FLOW_SMS_SEED to replay another run. */
export const SEED = Number.parseInt(process.env.FLOW_SMS_SEED ?? '', 10) || 20_261_125;

/** A seeded generator with the helpers the tests need. */
export function seeded(seed: number = SEED) {
  const next = createRng(seed);
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
