/**
 * A small seedable pseudo-random generator (mulberry32). Fault rates draw from it, so a sandbox
 * created with the same seed injects the same faults into the same sequence of requests.
 * Not for anything secret: SIDs and tokens come from node:crypto.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
