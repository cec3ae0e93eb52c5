import type { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../errors';
import { type FlowEdge, type FlowGraph, type FlowNode, flowGraphSchema } from '../schemas/flow';

/** A flow as React Flow's `toObject()` gives it (defaults may be missing). */
export type FlowGraphInput = z.input<typeof flowGraphSchema>;

/**
 * A flow with integer node numbers and adjacency in compressed arrays (CSR): successors of node `i`
 * are `succ[succStart[i] .. succStart[i + 1])`, predecessors likewise. Built once per analysis so
 * every later walk is a tight loop over typed arrays instead of repeated map lookups.
 */
export interface FlowIndex {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly succStart: Int32Array;
  readonly succ: Int32Array;
  readonly predStart: Int32Array;
  readonly pred: Int32Array;
}

/** Validates a flow and indexes it. Edges whose ends are not nodes of the flow are left out. */
export function indexFlow(flow: unknown): FlowIndex {
  const graph: FlowGraph = parseOrThrow(flowGraphSchema, flow, 'flow');
  const { nodes, edges } = graph;
  const indexOf = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (indexOf.has(node.id)) {
      throw new FlowSmsError(
        'duplicate_node_id',
        `Invalid flow: nodes.${i}.id "${node.id}" is already the id of another node; every node needs its own id`,
        `nodes.${i}.id`,
      );
    }
    indexOf.set(node.id, i);
  });

  // React Flow drops an edge when either end is deleted; a saved flow can still carry one from a
  // hand edit. Such an edge connects nothing, so analysis ignores it rather than refusing the flow.
  const sources: number[] = [];
  const targets: number[] = [];
  for (const edge of edges) {
    const source = indexOf.get(edge.source);
    const target = indexOf.get(edge.target);
    if (source === undefined || target === undefined) continue;
    sources.push(source);
    targets.push(target);
  }
  const [succStart, succ] = compress(nodes.length, sources, targets);
  const [predStart, pred] = compress(nodes.length, targets, sources);
  return { nodes, edges, indexOf, succStart, succ, predStart, pred };
}

/** Counting sort of (from, to) pairs by `from` into CSR arrays. */
function compress(count: number, from: readonly number[], to: readonly number[]): [Int32Array, Int32Array] {
  const start = new Int32Array(count + 1);
  for (const f of from) start[f + 1]!++;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const list = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) list[fill[from[e]!]!++] = to[e]!;
  return [start, list];
}

/**
 * Where flows begin: the nodes of the start type, or when the flow has none (a fragment, a flow
 * from a builder without a start node), every node nothing leads into.
 */
export function findStarts(index: FlowIndex, startNodeType: string): number[] {
  const typed: number[] = [];
  index.nodes.forEach((node, i) => {
    if (node.type === startNodeType) typed.push(i);
  });
  if (typed.length > 0) return typed;
  const roots: number[] = [];
  for (let i = 0; i < index.nodes.length; i++) {
    if (index.predStart[i] === index.predStart[i + 1]) roots.push(i);
  }
  return roots;
}

/** Nodes that lead to `target` through at least one edge (itself only when on a cycle). */
export function ancestorsOf(index: FlowIndex, target: number): number[] {
  const seen = new Uint8Array(index.nodes.length);
  const found: number[] = [];
  const stack = [target];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let e = index.predStart[node]!; e < index.predStart[node + 1]!; e++) {
      const p = index.pred[e]!;
      if (seen[p]) continue;
      seen[p] = 1;
      found.push(p);
      stack.push(p);
    }
  }
  return found;
}
