import { analyzeFlow, upstreamVariables, validateFlow } from '../src/core/flow';
import { FLOW_CATALOG, FLOW_CONTEXT, generateFlow, type Vocabulary } from './flow-generator';
import { percentileOf, timeTasks } from './harness/measure';
import { formatCount, formatDuration } from './harness/report';
import type { BenchContext, Benchmark, BenchSection, ReportTable } from './harness/types';

const SIZES = [100, 1_000, 10_000] as const;
const SEED = 7;
/**
 * Log-log slope of time against size: 1 is linear, 2 quadratic. On a real machine big inputs cost
 * more per item than small ones (garbage collection, caches), so the check compares each operation
 * with JSON.parse of the same flow, linear by construction and allocating alike, measured in the
 * same run: an operation counts as linear when its slope exceeds the reference's by at most this.
 */
const SLOPE_MARGIN = 0.15;

type Flow = ReturnType<typeof generateFlow>;

interface Operation {
  what: string;
  run(flow: Flow, lastNode: string): unknown;
}

const REFERENCE: Operation = {
  what: 'reference: JSON.parse of the flow',
  run: (flow) => JSON.parse((flow as Flow & { json: string }).json),
};

const OPERATIONS: readonly Operation[] = [
  {
    what: 'upstreamVariables (deepest node)',
    run: (flow, lastNode) => upstreamVariables(flow, lastNode, FLOW_CATALOG),
  },
  { what: 'analyzeFlow (every node)', run: (flow) => analyzeFlow(flow, FLOW_CATALOG) },
  { what: 'validateFlow', run: (flow) => validateFlow(flow, FLOW_CONTEXT) },
];

const VOCABULARIES: readonly { vocabulary: Vocabulary; title: string }[] = [
  {
    vocabulary: 'fixed',
    title: 'Flow analysis, the same variable names reused (70 at the deepest node, any size)',
  },
  {
    vocabulary: 'growing',
    title: 'Flow analysis, 3 new variable names per 5 nodes (6,010 at the deepest of 10,000)',
  },
];

/** The answer must be real before it is timed: the deepest node sees variables from every block. */
function checkFlow(flow: Flow, lastNode: string): number {
  const variables = upstreamVariables(flow, lastNode, FLOW_CATALOG);
  const diagnostics = validateFlow(flow, FLOW_CONTEXT);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) throw new Error(`The generated flow has an error at ${error.nodeId}: ${error.message}`);
  return variables.length;
}

function measureVocabulary(
  context: BenchContext,
  vocabulary: Vocabulary,
  title: string,
): { table: ReportTable; headline: string[] } {
  const flows = SIZES.map((size) => {
    const generated = generateFlow(size, SEED, vocabulary);
    const lastNode = generated.nodes.at(-1)!.id;
    const variables = checkFlow(generated, lastNode);
    // The JSON text rides along, non-enumerable, for the reference operation only.
    const flow = Object.defineProperty(generated, 'json', { value: JSON.stringify(generated) });
    return { size, flow, lastNode, variables };
  });
  // All operations at one size are timed back to back, so the reference shares their conditions; the
  // sizes take turns over several rounds, so one busy stretch of a shared machine cannot bend the curve.
  const operations = [REFERENCE, ...OPERATIONS];
  const rounds = context.mode === 'quick' ? 3 : 5;
  const samples = new Map<Operation, number[][]>(operations.map((op) => [op, SIZES.map(() => [])]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < flows.length; k++) {
      const index = (k + round) % flows.length;
      const { size, flow, lastNode } = flows[index]!;
      context.log(`flow (${vocabulary}): ${size} nodes, round ${round + 1}/${rounds}`);
      const timings = timeTasks(
        context,
        operations.map((operation) => ({ name: operation.what, fn: () => operation.run(flow, lastNode) })),
        { minSamples: 5, warmupSamples: 2, rounds: 1 },
      );
      for (const op of operations) samples.get(op)![index]!.push(timings.get(op.what)!.medianMs);
    }
  }
  const times = new Map<Operation, number[]>(
    operations.map((op) => [op, samples.get(op)!.map((perRound) => percentileOf(perRound, 50))]),
  );
  const rows: string[][] = [];
  const notes: string[] = [];
  let headline: string[] = [];
  const slopeOf = (list: readonly number[]) =>
    Math.log(list.at(-1)! / list[0]!) / Math.log(SIZES.at(-1)! / SIZES[0]!);
  const referenceSlope = slopeOf(times.get(REFERENCE)!);
  notes.push(
    `Linear check: log-log slope of time against nodes from ${SIZES[0]} to ${formatCount(SIZES.at(-1)!)} (1.00 = linear, 2.00 = quadratic); the reference's slope in this run is ${referenceSlope.toFixed(2)}.`,
  );
  for (const operation of operations) {
    const list = times.get(operation)!;
    list.forEach((ms, i) => {
      const { size, variables } = flows[i]!;
      const growth = i === 0 ? '—' : `×${(ms / list[i - 1]!).toFixed(1)} for ×${size / SIZES[i - 1]!} nodes`;
      rows.push([
        operation.what,
        formatCount(size),
        formatCount(variables),
        formatDuration(ms),
        formatDuration(ms / size),
        growth,
      ]);
    });
    if (operation === REFERENCE) continue;
    const slope = slopeOf(list);
    const linear = slope <= referenceSlope + SLOPE_MARGIN;
    if (operation.what === 'validateFlow') {
      const last = flows.at(-1)!;
      headline = [
        `validateFlow, ${formatCount(last.size)} nodes, ${formatCount(last.variables)} variables`,
        formatDuration(list.at(-1)!),
        'linear check (log-log slope)',
        `${slope.toFixed(2)} vs ${referenceSlope.toFixed(2)} for JSON.parse: ${linear ? 'linear' : 'NOT linear'}`,
        '—',
      ];
    }
    notes.push(
      `${operation.what}: slope ${slope.toFixed(2)}, ${linear ? 'linear' : 'NOT linear'} (${(slope - referenceSlope).toFixed(2)} above the reference; linear means at most ${SLOPE_MARGIN}).`,
    );
  }
  return {
    table: {
      title,
      columns: ['what', 'nodes', 'variables at the deepest node', 'flow-sms', 'per node', 'growth'],
      rows,
      notes,
    },
    headline,
  };
}

async function run(context: BenchContext): Promise<BenchSection> {
  const measured = VOCABULARIES.map(({ vocabulary, title }) => measureVocabulary(context, vocabulary, title));
  return {
    title: 'Flow analysis',
    tables: measured.map((m) => m.table),
    headline: measured.map((m) => m.headline),
    notes: [
      'Flows: chains of 5-node blocks (collect, condition, two Send SMS nodes with a merge, a retry loop on 20% of blocks); 40% Send SMS nodes, 10 shared templates, seed 7 (bench/flow-generator.ts). Every call validates its input from scratch, as the editor does on a change. Times: per size, the median over rounds (sizes take turns) of the median per call.',
      "Availability comes from the dominator tree and the flow's loops, answered per question (src/core/flow/availability.ts): linear in the flow for typical flows, including ones where every part brings variable names of its own; a single question can cost the whole flow when the stretch it must search covers it.",
      'No peer: no other library computes variable availability over a React Flow graph. The reference row (JSON.parse of the same flow) is there to read the growth against.',
    ],
  };
}

export const flowAnalysisBenchmark: Benchmark = {
  id: 'flow',
  title: 'Flow analysis',
  run,
};
