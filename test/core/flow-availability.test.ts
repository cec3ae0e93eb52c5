import fc from 'fast-check';
import { analyzeFlow, type FlowGraphInput, upstreamVariables, validateFlow } from '../../src/core';
import { createAvailabilityOracle } from '../../src/core/flow/availability';
import { buildDominatorTree } from '../../src/core/flow/dominators';
import { findStarts, indexFlow } from '../../src/core/flow/graph-index';
import { findStrongComponents } from '../../src/core/flow/strong-components';
import { stepCatalog } from './flow-fixtures';
import {
  anyHandle,
  anySmallFlow,
  liveEdges,
  pathOracle,
  SMS_OUTPUTS,
  type SmallFlow,
  toFlowGraph,
} from './flow-path-oracle';

/** Names set by steps, which the local answers handle; Send SMS outputs are solved for the whole flow. */
const VARIABLES = ['a', 'b', 'c', 'd', 'e'];
const ALL_VARIABLES = [...VARIABLES, ...SMS_OUTPUTS];

type BlockShape = 'step' | 'diamond' | 'retry' | 'skip' | 'send' | 'consent' | 'resend';
/**
 * Each block shape: its node types (steps unless said), and the edges inside it by position in the
 * block (0 is where the block is entered, the last node is where it is left), with their handles.
 */
const SHAPES: Record<
  BlockShape,
  { size: number; types?: SmallFlow['nodes'][number]['type'][]; edges: SmallFlow['edges'] }
> = {
  step: { size: 1, edges: [] },
  diamond: {
    size: 4,
    edges: [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
    ],
  },
  retry: {
    size: 2,
    edges: [
      [0, 1],
      [1, 0],
    ],
  },
  skip: {
    size: 3,
    edges: [
      [0, 1],
      [1, 2],
      [0, 2],
    ],
  },
  // A message, and a step that handles its failure before the flow goes on.
  send: {
    size: 3,
    types: ['sendSms', 'step', 'step'],
    edges: [
      [0, 2, 'sent'],
      [0, 1, 'failed'],
      [1, 2],
    ],
  },
  // A message that asks first (its declined branch joins the sent one), or does not (declined leads nowhere).
  consent: {
    size: 2,
    types: ['sendSms', 'step'],
    edges: [
      [0, 1, 'sent'],
      [0, 1, 'declined'],
    ],
  },
  // Sent again until it goes through.
  resend: {
    size: 2,
    types: ['sendSms', 'step'],
    edges: [
      [0, 1, 'sent'],
      [0, 0, 'failed'],
    ],
  },
};
const SHAPE_NAMES = Object.keys(SHAPES) as BlockShape[];

/**
 * Flows shaped like real ones, and deep enough for the dominator tree to be many levels tall: a
 * chain of blocks (steps, diamonds, retry loops, optional detours), plus a few stray edges that
 * jump forwards, backwards or across, sometimes a second start, and sometimes a node nothing reaches.
 */
const blockFlow: fc.Arbitrary<SmallFlow> = fc
  .record({
    blocks: fc.array(fc.constantFrom(...SHAPE_NAMES), { minLength: 1, maxLength: 14 }),
    sets: fc.array(fc.subarray(VARIABLES, { maxLength: 2 }), { minLength: 60, maxLength: 60 }),
    asks: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    stray: fc.array(fc.tuple(fc.nat(), fc.nat(), anyHandle), { maxLength: 5 }),
    secondStart: fc.option(fc.nat(), { nil: undefined }),
    orphan: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ blocks, sets, asks, stray, secondStart, orphan }) => {
    const nodes: SmallFlow['nodes'] = [];
    const edges: SmallFlow['edges'] = [];
    const add = (type: SmallFlow['nodes'][number]['type']) => {
      const k = nodes.length % sets.length;
      nodes.push(
        type === 'sendSms'
          ? { id: `n${nodes.length}`, type, sets: [], asks: asks[k]! }
          : { id: `n${nodes.length}`, type, sets: sets[k]! },
      );
      return nodes.length - 1;
    };
    let exit = add('start');
    for (const shape of blocks) {
      const { size, types, edges: inner } = SHAPES[shape];
      const first = nodes.length;
      for (let i = 0; i < size; i++) add(types?.[i] ?? 'step');
      edges.push([exit, first]);
      for (const [from, to, handle] of inner) edges.push([first + from, first + to, handle]);
      exit = first + size - 1;
    }
    const count = nodes.length;
    for (const [from, to, handle] of stray) edges.push([from % count, to % count, handle]);
    if (secondStart !== undefined) edges.push([add('start'), secondStart % count]);
    if (orphan !== undefined) edges.push([add('step'), orphan % count]);
    return { nodes, edges };
  });

/** The small random flows of the original oracle test: any edges at all, loops and orphans included. */
const anyFlow = anySmallFlow(VARIABLES, 12);

const flows = fc.oneof(blockFlow, anyFlow);

function settersOf(flow: SmallFlow, variable: string): number[] {
  return flow.nodes.flatMap((node, i) => (node.sets.includes(variable) ? [i] : []));
}

describe('availability: local answers and whole-flow solves agree with the definition', () => {
  it('answers each (node, variable) question on its own, from the setters and the dominator tree', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const expectedAt = pathOracle(flow);
        const index = indexFlow(toFlowGraph(flow));
        const oracle = createAvailabilityOracle(index, findStarts(index, 'start'));
        for (const variable of VARIABLES) {
          const setters = settersOf(flow, variable);
          flow.nodes.forEach((node, target) => {
            const found = oracle.always(target, setters)
              ? 'always'
              : oracle.sometimes(target, setters)
                ? 'some-paths'
                : undefined;
            expect([node.id, variable, found]).toEqual([node.id, variable, expectedAt(target, variable)]);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('solves every variable at every node at once, one bit per variable', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const expectedAt = pathOracle(flow);
        const index = indexFlow(toFlowGraph(flow));
        const oracle = createAvailabilityOracle(index, findStarts(index, 'start'));
        // More than 32 variables, so the bit sets take two words; the extra ones repeat the first eight.
        const names = Array.from({ length: 40 }, (_, k) => ALL_VARIABLES[k % ALL_VARIABLES.length]!);
        const solved = oracle.solve(
          names.map((name) => settersOf(flow, name)),
          names.map((name) => SMS_OUTPUTS.includes(name)),
        );
        names.forEach((variable, k) => {
          flow.nodes.forEach((node, target) => {
            expect([node.id, k, solved.at(target, k)]).toEqual([node.id, k, expectedAt(target, variable)]);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  /**
   * The same flow with 200 more names, set by its first start and read by nobody: they change no
   * answer about the others, but take analyzeFlow and upstreamVariables past the number of names
   * they solve all at once, so they answer question by question.
   */
  function withManyNames(flow: SmallFlow): FlowGraphInput {
    const graph = toFlowGraph(flow);
    const names = Array.from({ length: 200 }, (_, i) => `unused${i}`);
    const [first, ...rest] = graph.nodes;
    const sets = [...((first!.data as { sets: string[] }).sets ?? []), ...names];
    return { ...graph, nodes: [{ ...first!, data: { sets } }, ...rest] };
  }

  it.each([
    ['a few names: all solved on the first question', toFlowGraph],
    ['many names: question by question, solved once asked about often enough', withManyNames],
  ])('analyzeFlow agrees with the definition with %s', (_name, build) => {
    fc.assert(
      fc.property(blockFlow, fc.nat(), (flow, seed) => {
        const expectedAt = pathOracle(flow);
        const graph = build(flow);
        // Variable by variable at every node.
        const everywhere = analyzeFlow(graph, stepCatalog);
        for (const variable of ALL_VARIABLES) {
          flow.nodes.forEach((node, target) => {
            expect([node.id, variable, everywhere.availability(node.id, variable)]).toEqual([
              node.id,
              variable,
              expectedAt(target, variable),
            ]);
          });
        }
        // One question per analysis, at a node picked by the seed.
        for (const variable of ALL_VARIABLES) {
          const target = seed % flow.nodes.length;
          const node = flow.nodes[target]!;
          expect(analyzeFlow(graph, stepCatalog).availability(node.id, variable)).toEqual(
            expectedAt(target, variable),
          );
        }
        // upstreamVariables lists exactly the variables some path sets, each marked as the definition says.
        flow.nodes.forEach((node, target) => {
          const listed = new Map(
            upstreamVariables(graph, node.id, stepCatalog)
              .filter((v) => !v.system)
              .map((v) => [v.path, v.availability]),
          );
          for (const variable of ALL_VARIABLES) {
            expect([node.id, variable, listed.get(variable)]).toEqual([
              node.id,
              variable,
              expectedAt(target, variable),
            ]);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});

/** Nodes the virtual root (a source of every start) reaches when `removed` is taken out of the graph. */
function reachWithout(flow: SmallFlow, starts: number[], removed: number): Set<number> {
  const edges = liveEdges(flow);
  const seen = new Set<number>();
  const stack = starts.filter((s) => s !== removed);
  for (const s of stack) seen.add(s);
  while (stack.length) {
    const node = stack.pop()!;
    for (const [from, to] of edges) {
      if (from === node && to !== removed && !seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return seen;
}

describe('dominator tree', () => {
  it('a dominates b exactly when taking a out of the flow cuts b off from every start', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const index = indexFlow(toFlowGraph(flow));
        const starts = findStarts(index, 'start');
        const isStart = new Uint8Array(flow.nodes.length);
        for (const s of starts) isStart[s] = 1;
        const tree = buildDominatorTree(index, starts, isStart);
        const reachable = reachWithout(flow, starts, -1);
        const dominators = (b: number) =>
          flow.nodes.flatMap((_, a) => (a === b || !reachWithout(flow, starts, a).has(b) ? [a] : []));
        flow.nodes.forEach((_, b) => {
          const expected = reachable.has(b) ? dominators(b) : [];
          const found = flow.nodes.flatMap((__, a) => (tree.dominates(a, b) ? [a] : []));
          expect([b, found]).toEqual([b, expected]);
          if (!reachable.has(b)) return;
          expect(tree.dominates(tree.root, b)).toBe(true);
          // Depth counts the root and every dominator; the dominator at each depth is one of them.
          expect(tree.depth[b]).toBe(expected.length);
          for (let depth = 0; depth <= tree.depth[b]!; depth++) {
            const at = tree.dominatorAtDepth(b, depth);
            expect(tree.depth[at]).toBe(depth);
            expect(tree.dominates(at, b)).toBe(true);
          }
          // The deepest common dominator dominates both, and no deeper node does.
          flow.nodes.forEach((__, c) => {
            if (!reachable.has(c)) return;
            const common = tree.commonDominator(b, c);
            expect(tree.dominates(common, b) && tree.dominates(common, c)).toBe(true);
            const deeper = flow.nodes.some(
              (___, d) =>
                tree.depth[d]! > tree.depth[common]! && tree.dominates(d, b) && tree.dominates(d, c),
            );
            expect(deeper).toBe(false);
          });
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('strongly connected components', () => {
  it('groups exactly the nodes that reach each other, numbered and ordered along the edges', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const index = indexFlow(toFlowGraph(flow));
        const { component, cyclic } = findStrongComponents(index);
        const edges = liveEdges(flow);
        const reaches = (a: number, b: number) => {
          const seen = new Set([a]);
          const stack = [a];
          while (stack.length) {
            const node = stack.pop()!;
            for (const [from, to] of edges) {
              if (from === node && !seen.has(to)) {
                seen.add(to);
                stack.push(to);
              }
            }
          }
          return seen.has(b);
        };
        for (const [from, to] of edges) expect(component[from]!).toBeLessThanOrEqual(component[to]!);
        // The walk order puts every node once, and an edge between components goes forwards in it.
        const { order } = findStrongComponents(index);
        expect([...order].sort((x, y) => x - y)).toEqual(flow.nodes.map((_, i) => i));
        const position = new Map([...order].map((node, k) => [node, k]));
        for (const [from, to] of edges) {
          if (component[from] !== component[to]) expect(position.get(from)!).toBeLessThan(position.get(to)!);
        }
        flow.nodes.forEach((_, a) => {
          flow.nodes.forEach((__, b) => {
            expect(component[a] === component[b]).toBe(reaches(a, b) && reaches(b, a));
          });
          const onLoop = edges.some(([from, to]) => from === a && reaches(to, a));
          expect(cyclic[component[a]!] === 1).toBe(onLoop);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('large flows whose parts bring variables of their own', () => {
  /**
   * 2,000 blocks of collect -> check -> (extra | notify) -> confirm, with a retry loop on every
   * seventh; each block sets names of its own, and `extra` sets its note on one branch only.
   */
  function blocks(count: number): FlowGraphInput {
    const nodes: FlowGraphInput['nodes'] = [{ id: 'start', type: 'start', data: { sets: ['caller.name'] } }];
    const edges: FlowGraphInput['edges'] = [];
    let previous = 'start';
    for (let b = 0; b < count; b++) {
      nodes.push(
        { id: `collect${b}`, type: 'step', data: { sets: [`order${b}.id`] } },
        { id: `check${b}`, type: 'step', data: {} },
        { id: `extra${b}`, type: 'step', data: { sets: [`note${b}`] } },
        { id: `notify${b}`, type: 'step', data: { sets: [`note${b}`, `sent${b}`] } },
        { id: `confirm${b}`, type: 'step', data: {} },
      );
      const edge = (source: string, target: string) => edges.push({ id: `e${edges.length}`, source, target });
      edge(previous, `collect${b}`);
      edge(`collect${b}`, `check${b}`);
      edge(`check${b}`, `extra${b}`);
      edge(`check${b}`, `notify${b}`);
      edge(`extra${b}`, `confirm${b}`);
      edge(`notify${b}`, `confirm${b}`);
      if (b % 7 === 0) edge(`confirm${b}`, `collect${b}`);
      previous = `confirm${b}`;
    }
    return { nodes, edges };
  }

  it('marks a name set on both branches as always and one set on a single branch as some-paths, deep in the flow', () => {
    const flow = blocks(2_000);
    const analysis = analyzeFlow(flow, stepCatalog);
    for (const b of [0, 1, 7, 999, 1_998]) {
      expect(analysis.availability(`confirm${b}`, `note${b}`)).toBe('always');
      expect(analysis.availability(`confirm${b}`, `sent${b}`)).toBe('some-paths');
      expect(analysis.availability(`collect${b + 1}`, `order${b}.id`)).toBe('always');
      // Before its block, a name is set nowhere on the way; in a retried block, only around the loop.
      expect(analysis.availability(`check${b}`, `note${b}`)).toBe(b % 7 === 0 ? 'some-paths' : undefined);
      expect(analysis.availability(`check${b}`, `note${b + 1}`)).toBeUndefined();
    }
    const last = upstreamVariables(flow, 'confirm1999', stepCatalog).filter((v) => !v.system);
    // Every block's order id and note, every block's sent flag, and the caller's name.
    expect(last).toHaveLength(2_000 * 3 + 1);
    const byPath = new Map(last.map((v) => [v.path, v.availability]));
    expect(byPath.get('note1999')).toBe('always');
    expect(byPath.get('sent1999')).toBe('some-paths');
    expect(byPath.get('sent3')).toBe('some-paths');
    expect(byPath.get('order0.id')).toBe('always');
  });

  it('validateFlow reports an input mapped to a name set on one branch at every one of 2,000 Send SMS nodes', () => {
    const flow = blocks(2_000);
    // A Send SMS node after each block's merge, using the note (always) and the sent flag (one branch).
    const nodes = [...flow.nodes];
    const edges = [...(flow.edges ?? [])];
    for (let b = 0; b < 2_000; b++) {
      nodes.push({
        id: `sms${b}`,
        type: 'sendSms',
        data: {
          message: { body: 'Note {{note}}, sent {{sent}}' },
          inputs: {
            note: { kind: 'variable', path: `note${b}` },
            sent: { kind: 'variable', path: `sent${b}` },
          },
          consent: { mode: 'not-required', reason: 'Transactional' },
        },
      });
      edges.push({ id: `s${b}`, source: `confirm${b}`, target: `sms${b}` });
    }
    const diagnostics = validateFlow(
      { nodes, edges },
      { catalog: stepCatalog, templates: [], environment: 'sandbox', senders: { sandbox: '+15005550006' } },
    );
    const someBranches = diagnostics.filter((d) => d.code === 'input-variable-some-paths');
    expect(someBranches).toHaveLength(2_000);
    expect(new Set(someBranches.map((d) => d.field))).toEqual(new Set(['inputs.sent']));
    expect(diagnostics.filter((d) => d.code === 'input-variable-unset')).toEqual([]);
  });
});
