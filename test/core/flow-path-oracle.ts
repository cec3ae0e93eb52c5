import fc from 'fast-check';
import type { FlowGraphInput } from '../../src/core';

/** The handles of a Send SMS node's branches, and no handle at all. */
export type Handle = 'sent' | 'declined' | 'opted_out' | 'failed' | null;

/**
 * A flow for property tests: start and step nodes with the variables they set, Send SMS nodes
 * (asking for consent or not), and edges as [source, target, source handle] numbers.
 */
export interface SmallFlow {
  nodes: { id: string; type: 'start' | 'step' | 'sendSms'; sets: string[]; asks?: boolean }[];
  edges: [number, number, Handle?][];
}

/** What a Send SMS node tells the nodes after its sent branch, and clears on the others. */
export const SMS_OUTPUTS = ['sms.sid', 'sms.status', 'sms.segments'];

/** Any handle, sent more often than the others. */
export const anyHandle = fc.constantFrom<Handle>('sent', 'sent', 'declined', 'opted_out', 'failed', null);

/**
 * Random flows with any edges at all (loops, several starts, orphans): each node is a start, a step
 * setting up to two of `variables`, or a Send SMS node, and each edge leaves by any handle or none.
 */
export function anySmallFlow(variables: string[], maxNodes: number): fc.Arbitrary<SmallFlow> {
  return fc
    .integer({ min: 1, max: maxNodes })
    .chain((count) =>
      fc.record({
        nodes: fc.array(
          fc.record({
            type: fc.constantFrom<SmallFlow['nodes'][number]['type']>(
              'start',
              'step',
              'step',
              'step',
              'sendSms',
            ),
            sets: fc.subarray(variables, { maxLength: 2 }),
            asks: fc.boolean(),
          }),
          { minLength: count, maxLength: count },
        ),
        edges: fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1), anyHandle), {
          maxLength: count * 2,
        }),
      }),
    )
    .map(({ nodes, edges }) => ({
      nodes: nodes.map((node, i) =>
        node.type === 'sendSms'
          ? { ...node, id: `n${i}`, sets: [] }
          : { type: node.type, sets: node.sets, id: `n${i}` },
      ),
      edges,
    }));
}

/** The React Flow graph of a small flow; `stepCatalog` reads `data.sets`. */
export function toFlowGraph(flow: SmallFlow): FlowGraphInput {
  return {
    nodes: flow.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      data:
        node.type === 'sendSms'
          ? {
              message: { body: 'Hi' },
              consent: node.asks
                ? { mode: 'ask', question: 'May I text you?' }
                : { mode: 'not-required', reason: 'Asked for it' },
            }
          : { sets: node.sets },
    })),
    edges: flow.edges.map(([s, t, handle], i) => ({
      id: `e${i}`,
      source: `n${s}`,
      target: `n${t}`,
      sourceHandle: handle ?? null,
    })),
  };
}

/**
 * The edges a run can follow. A Send SMS node leaves only by a branch it has (declined only when it
 * asks for consent); other nodes ignore handles.
 */
export function liveEdges(flow: SmallFlow): SmallFlow['edges'] {
  return flow.edges.filter(([s, , handle]) => {
    const node = flow.nodes[s]!;
    if (node.type !== 'sendSms') return true;
    return (
      handle === 'sent' ||
      handle === 'opted_out' ||
      handle === 'failed' ||
      (handle === 'declined' && !!node.asks)
    );
  });
}

/**
 * Availability from the definition, one variable and one node at a time, by plain graph searches:
 * slow but obviously right, to check the analysis against on random flows.
 *
 * The search walks (node, set) pairs, `set` saying whether the variable has a value on arrival.
 * Leaving a node along an edge sets the variable if the node sets it; a Send SMS node sets its
 * outputs along its sent edges and clears them along the others.
 */
export function pathOracle(flow: SmallFlow) {
  const edges = liveEdges(flow);
  // Without a start node, a node begins the flow when everything that reaches it is reached from it
  // (nothing outside its loop leads in) and no earlier node of its loop begins it already.
  const reaches = flow.nodes.map((_, from) => {
    const seen = new Set<number>([from]);
    const queue = [from];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const [s, t] of edges) {
        if (s === node && !seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
    return seen;
  });
  const sameLoop = (a: number, b: number) => reaches[a]!.has(b) && reaches[b]!.has(a);
  const typed = flow.nodes.flatMap((node, i) => (node.type === 'start' ? [i] : []));
  const starts =
    typed.length > 0
      ? typed
      : flow.nodes.flatMap((_, i) => {
          const enteredFromOutside = flow.nodes.some((__, p) => reaches[p]!.has(i) && !sameLoop(p, i));
          const earlierInLoop = flow.nodes.some((__, p) => p < i && sameLoop(p, i));
          return enteredFromOutside || earlierInLoop ? [] : [i];
        });

  const after = (variable: string, [s, , handle]: SmallFlow['edges'][number], set: boolean): boolean => {
    const node = flow.nodes[s]!;
    if (node.type === 'sendSms' && SMS_OUTPUTS.includes(variable)) return handle === 'sent';
    return set || node.sets.includes(variable);
  };
  /** Pairs reached through at least one edge from `from`. */
  const walk = (variable: string, from: [number, boolean][]) => {
    const seen = new Set<string>();
    const stack = [...from];
    while (stack.length) {
      const [node, set] = stack.pop()!;
      for (const edge of edges) {
        if (edge[0] !== node) continue;
        const next: [number, boolean] = [edge[1], after(variable, edge, set)];
        const key = next.join();
        if (!seen.has(key)) {
          seen.add(key);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  const reachable = new Set(starts);
  for (const key of walk(
    '',
    starts.map((s) => [s, false]),
  ))
    reachable.add(Number(key.split(',')[0]));

  return (target: number, variable: string): 'always' | 'some-paths' | undefined => {
    // Some path sets it: from any node on the target's side (reached from a start or not), a walk
    // that arrives with the variable set.
    const side = flow.nodes.flatMap((_, i): [number, boolean][] =>
      reachable.has(i) === reachable.has(target) ? [[i, false]] : [],
    );
    if (!walk(variable, side).has(`${target},true`)) return undefined;
    if (!reachable.has(target) || starts.includes(target)) return 'some-paths';
    // Always, unless a start reaches the target with the variable unset.
    const fromStarts = walk(
      variable,
      starts.map((s) => [s, false]),
    );
    return fromStarts.has(`${target},false`) ? 'some-paths' : 'always';
  };
}
