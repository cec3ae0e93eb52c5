/**
 * `npm run bench [-- --quick | --full] [--only id,id]`: runs every benchmark, prints one markdown
 * section per benchmark and writes them all to bench/results.md (not with --only, so a partial run
 * never replaces the full report).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './harness/machine';
import { renderReport, renderSection } from './harness/report';
import type { BenchContext, BenchMode, Benchmark, BenchSection } from './harness/types';

interface Entry {
  id: string;
  title: string;
  load(): Promise<Benchmark>;
}

// Loaded one at a time, so a benchmark whose code under test has not landed yet cannot stop the others.
const ENTRIES: readonly Entry[] = [
  {
    id: 'segments',
    title: 'Segment counting',
    load: async () => (await import('./segments')).segmentsBenchmark,
  },
  {
    id: 'segments-agreement',
    title: 'Segment counting: agreement',
    load: async () => (await import('./segments-agreement')).segmentAgreementBenchmark,
  },
  {
    id: 'templates',
    title: 'Template rendering',
    load: async () => (await import('./templates')).templatesBenchmark,
  },
  {
    id: 'flow',
    title: 'Flow analysis',
    load: async () => (await import('./flow-analysis')).flowAnalysisBenchmark,
  },
  {
    id: 'executor',
    title: 'Executor throughput',
    load: async () => (await import('./executor-throughput')).executorBenchmark,
  },
  {
    id: 'bundle',
    title: 'Bundle size',
    load: async () => (await import('./bundle-size')).bundleSizeBenchmark,
  },
  { id: 'editor', title: 'Editor in Chromium', load: async () => (await import('./editor')).editorBenchmark },
];

interface Options {
  mode: BenchMode;
  only?: Set<string>;
}

function parseArguments(argv: readonly string[]): Options {
  const options: Options = { mode: 'quick' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.mode = 'quick';
    else if (arg === '--full') options.mode = 'full';
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      const ids = (value ?? '').split(',').filter(Boolean);
      const unknown = ids.filter((id) => !ENTRIES.some((entry) => entry.id === id));
      if (ids.length === 0 || unknown.length > 0) {
        throw new Error(
          `--only takes benchmark ids among ${ENTRIES.map((e) => e.id).join(', ')} (got "${value ?? ''}")`,
        );
      }
      options.only = new Set(ids);
    } else {
      throw new Error(`Unknown option ${arg}: use --quick (default), --full or --only <ids>`);
    }
  }
  return options;
}

async function runEntry(
  entry: Entry,
  context: BenchContext,
): Promise<{ section: BenchSection; failed: boolean }> {
  try {
    const benchmark = await entry.load();
    return { section: await benchmark.run(context), failed: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log(`${entry.id} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return { section: { title: entry.title, tables: [], skipped: `failed: ${message}` }, failed: true };
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const machine = describeMachine();
  const context: BenchContext = {
    mode: options.mode,
    machine,
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const sections: BenchSection[] = [];
  let failures = 0;
  for (const entry of ENTRIES) {
    if (options.only && !options.only.has(entry.id)) continue;
    context.log(`\n== ${entry.title} (${options.mode}) ==`);
    const started = performance.now();
    const { section, failed } = await runEntry(entry, context);
    if (failed) failures++;
    context.log(`== ${entry.title}: ${((performance.now() - started) / 1000).toFixed(1)} s ==`);
    sections.push(section);
    process.stdout.write(`${renderSection(section, machine)}\n\n`);
  }
  if (!options.only) {
    const command = `npm run bench -- --${options.mode}`;
    const report = renderReport({ mode: options.mode, machine, date: new Date(), command }, sections);
    const target = fileURLToPath(new URL('./results.md', import.meta.url));
    writeFileSync(target, report);
    context.log(`Wrote ${target}`);
  }
  if (failures > 0) process.exitCode = 1;
}

await main();
