import { Bench } from 'tinybench';
import type { BenchContext, BenchMode } from './types';

/** A synchronous operation to time. */
export interface TimedTask {
  name: string;
  fn: () => unknown;
}

export interface Timing {
  /** Median time of one operation, in milliseconds, over every sample of every round. */
  medianMs: number;
  p99Ms: number;
  samples: number;
}

interface ModeBudget {
  timeMs: number;
  warmupMs: number;
  warmupSamples: number;
  minSamples: number;
  rounds: number;
}

/** Quick fits CI; full repeats the whole set so one noisy stretch on a shared machine cannot decide a figure. */
const BUDGETS: Record<BenchMode, ModeBudget> = {
  quick: { timeMs: 300, warmupMs: 100, warmupSamples: 5, minSamples: 15, rounds: 1 },
  full: { timeMs: 1500, warmupMs: 400, warmupSamples: 10, minSamples: 30, rounds: 3 },
};

let sink: unknown;
/** Keeps a result alive so the JIT cannot drop the work that produced it. */
export function consume(value: unknown): void {
  sink = value;
}
export function lastConsumed(): unknown {
  return sink;
}

/** Below this a sample is mostly timer noise, so fast operations run in batches of at least this long. */
const MIN_SAMPLE_MS = 0.02;

function batchSize(fn: () => unknown): number {
  // A few single calls first: a slow operation needs no batch, and must not be run 50 times to learn that.
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const single = performance.now();
    consume(fn());
    fastest = Math.min(fastest, performance.now() - single);
  }
  if (fastest >= MIN_SAMPLE_MS * 10) return 1;
  const calls = 50;
  const start = performance.now();
  for (let i = 0; i < calls; i++) consume(fn());
  const perCall = (performance.now() - start) / calls;
  return perCall >= MIN_SAMPLE_MS ? 1 : Math.min(10_000, Math.ceil(MIN_SAMPLE_MS / Math.max(perCall, 1e-6)));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * Times each task with tinybench (warm-up first, then samples until both the time budget and the
 * minimum sample count are reached) and reports medians per operation, never a single run.
 */
export function timeTasks(
  context: BenchContext,
  tasks: readonly TimedTask[],
  options: { minSamples?: number; warmupSamples?: number; rounds?: number } = {},
): Map<string, Timing> {
  const budget = { ...BUDGETS[context.mode], ...options };
  const samples = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < budget.rounds; round++) {
    const bench = new Bench({
      time: budget.timeMs,
      warmupTime: budget.warmupMs,
      warmupIterations: budget.warmupSamples,
      iterations: budget.minSamples,
      retainSamples: true,
      throws: true,
    });
    const batches = new Map<string, number>();
    for (const task of tasks) {
      const batch = batchSize(task.fn);
      batches.set(task.name, batch);
      bench.add(task.name, () => {
        for (let i = 0; i < batch; i++) consume(task.fn());
      });
    }
    for (const task of bench.runSync()) {
      const result = task.result;
      if (result.state !== 'completed')
        throw new Error(`Benchmark task ${task.name} ended as ${result.state}`);
      const batch = batches.get(task.name) ?? 1;
      const list = samples.get(task.name)!;
      for (const ms of result.latency.samples ?? []) list.push(ms / batch);
    }
  }
  const timings = new Map<string, Timing>();
  for (const [name, list] of samples) {
    const sorted = [...list].sort((a, b) => a - b);
    timings.set(name, {
      medianMs: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      samples: sorted.length,
    });
    context.log(`  ${name}: median ${sorted.length ? percentile(sorted, 50).toPrecision(3) : '?'} ms/op`);
  }
  return timings;
}

export function percentileOf(values: readonly number[], p: number): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}
