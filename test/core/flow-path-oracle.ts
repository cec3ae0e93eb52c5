import fc from 'fast-check';
import type { FlowGraphInput } from '../../src/core';

/** A flow for property tests: nodes with the variables they set, and edges as [source, target] numbers. */
export interface SmallFlow {
  nodes: { id: string; type: string; sets: string[] }[];
  edges: [number, number][];
}

/**
 * Random flows with any edges at all (loops, several starts, orphans): each node is a start or a
 * step and sets up to two of `variables`.
 */
export function anySmallFlow(variables: string[], maxNodes: number): fc.Arbitrary<SmallFlow> {
  return fc
    .integer({ min: 1, max: maxNodes })
    .chain((count) =>
      fc.record({
        nodes: fc.array(
          fc.record({
            type: fc.constantFrom('start', 'step', 'step', 'step'),
            sets: fc.subarray(variables, { maxLength: 2 }),
          }),
          { minLength: count, maxLength: count },
        ),
        edges: fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: count * 2 }),
      }),
    )
    .map(({ nodes, edges }) => ({ nodes: nodes.map((node, i) => ({ ...node, id: `n${i}` })), edges }));
}

/** The React Flow graph of a small flow; `stepCatalog` reads `data.sets`. */
export function toFlowGraph(flow: SmallFlow): FlowGraphInput {
  return {
    nodes: flow.nodes.map((node) => ({ id: node.id, type: node.type, data: { sets: node.sets } })),
    edges: flow.edges.map(([s, t], i) => ({ id: `e${i}`, source: `n${s}`, target: `n${t}` })),
  };
}

/**
 * Availability from the definition, one variable and one node at a time, by plain graph searches:
 * slow but obviously right, to check the analysis against on random flows.
 */
export function pathOracle(flow: SmallFlow) {
  const count = flow.nodes.length;
  const succ: number[][] = Array.from({ length: count }, () => []);
  const hasPred = new Array<boolean>(count).fill(false);
  for (const [s, t] of flow.edges) {
    succ[s]!.push(t);
    hasPred[t] = true;
  }
  const typed = flow.nodes.flatMap((node, i) => (node.type === 'start' ? [i] : []));
  const starts = typed.length > 0 ? typed : flow.nodes.flatMap((_, i) => (hasPred[i] ? [] : [i]));
  const reachFrom = (from: number[], through: (node: number) => boolean) => {
    const seen = new Set<number>();
    const stack = [...from];
    while (stack.length) {
      const node = stack.pop()!;
      if (!through(node)) continue;
      for (const next of succ[node]!) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen; // nodes reached through at least one edge
  };
  const reachable = new Set([...starts, ...reachFrom(starts, () => true)]);

  return (target: number, variable: string): 'always' | 'some-paths' | undefined => {
    const setters = flow.nodes.flatMap((node, i) => (node.sets.includes(variable) ? [i] : []));
    const sameSide = (node: number) => reachable.has(node) === reachable.has(target);
    const some = setters.some((s) => sameSide(s) && reachFrom([s], () => true).has(target));
    if (!some) return undefined;
    if (!reachable.has(target) || starts.includes(target)) return 'some-paths';
    // Always, unless a start reaches the target along nodes none of which sets the variable.
    const open = reachFrom(starts, (node) => !setters.includes(node));
    return open.has(target) ? 'some-paths' : 'always';
  };
}
