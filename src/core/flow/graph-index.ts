import type { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../errors';
import { type FlowEdge, type FlowGraph, type FlowNode, flowGraphSchema } from '../schemas/flow';
import { safeParseSendSmsNodeData } from '../schemas/migrate-node-data';
import {
  asksForConsent,
  SEND_SMS_BRANCHES,
  SEND_SMS_NODE_TYPE,
  type SendSmsBranch,
} from '../schemas/send-sms-node';
import { findStrongComponents } from './strong-components';

/** A flow as React Flow's `toObject()` gives it (defaults may be missing). */
export type FlowGraphInput = z.input<typeof flowGraphSchema>;

/** `succBranch` of an edge that does not leave a Send SMS node. */
export const NOT_A_BRANCH = 0;
/** `succBranch` of a Send SMS node's `sent` edge: the one after a message went out. */
export const SENT_BRANCH = 1;
/** `succBranch` of a Send SMS node's declined, opted out or failed edge: nothing went out. */
export const UNSENT_BRANCH = 2;

type ParsedSendSmsData = ReturnType<typeof safeParseSendSmsNodeData>;

/**
 * A flow with integer node numbers and adjacency in compressed arrays (CSR): successors of node `i`
 * are `succ[succStart[i] .. succStart[i + 1])`, predecessors likewise. Built once per analysis so
 * every later walk is a tight loop over typed arrays instead of repeated map lookups.
 *
 * Only edges a run can follow are in the arrays (see `indexFlow`); `edges` keeps them all.
 */
export interface FlowIndex {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly succStart: Int32Array;
  readonly succ: Int32Array;
  /** For each entry of `succ`: NOT_A_BRANCH, SENT_BRANCH or UNSENT_BRANCH. */
  readonly succBranch: Uint8Array;
  readonly predStart: Int32Array;
  readonly pred: Int32Array;
  /** A Send SMS node's data, migrated and validated once however many parts of the analysis read it. */
  sendSmsData(node: number): ParsedSendSmsData;
}

const BRANCHES: ReadonlySet<string> = new Set(SEND_SMS_BRANCHES);

/**
 * Validates a flow and indexes it. Edges whose ends are not nodes of the flow are left out, and so
 * are edges a run never follows: a Send SMS node goes on only along the handle of the branch it
 * took (as the runner does), so an edge from it without a handle, or from a branch its settings do
 * not have (declined, when it does not ask for consent), leads nowhere.
 */
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

  const parsed: (ParsedSendSmsData | undefined)[] = new Array(nodes.length);
  const sendSmsData = (node: number) => {
    parsed[node] ??= safeParseSendSmsNodeData(nodes[node]!.data);
    return parsed[node];
  };
  const branchOf = (source: number, handle: string | null | undefined): number | undefined => {
    if (nodes[source]!.type !== SEND_SMS_NODE_TYPE) return NOT_A_BRANCH;
    if (!handle || !BRANCHES.has(handle)) return undefined;
    const branch = handle as SendSmsBranch;
    if (branch === 'sent') return SENT_BRANCH;
    // Every Send SMS node can end opted out or failed; declined needs its consent settings, read only
    // for such an edge. Data that does not validate (reported by validateFlow) keeps the edge.
    if (branch === 'declined') {
      const data = sendSmsData(source);
      if (data.ok && !asksForConsent(data.data)) return undefined;
    }
    return UNSENT_BRANCH;
  };

  // React Flow drops an edge when either end is deleted; a saved flow can still carry one from a
  // hand edit. Such an edge connects nothing, so analysis ignores it rather than refusing the flow.
  const sources: number[] = [];
  const targets: number[] = [];
  const branches: number[] = [];
  for (const edge of edges) {
    const source = indexOf.get(edge.source);
    const target = indexOf.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const branch = branchOf(source, edge.sourceHandle);
    if (branch === undefined) continue;
    sources.push(source);
    targets.push(target);
    branches.push(branch);
  }
  const [succStart, succ, placed] = compress(nodes.length, sources, targets);
  const succBranch = new Uint8Array(succ.length);
  branches.forEach((branch, e) => {
    succBranch[placed[e]!] = branch;
  });
  const [predStart, pred] = compress(nodes.length, targets, sources);
  return { nodes, edges, indexOf, succStart, succ, succBranch, predStart, pred, sendSmsData };
}

/**
 * Counting sort of (from, to) pairs by `from` into CSR arrays, and where each pair was placed (so
 * what else is known about an edge can be laid out alongside).
 */
function compress(
  count: number,
  from: readonly number[],
  to: readonly number[],
): [Int32Array, Int32Array, Int32Array] {
  const start = new Int32Array(count + 1);
  for (const f of from) start[f + 1]!++;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const list = new Int32Array(from.length);
  const placed = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    placed[e] = fill[from[e]!]!++;
    list[placed[e]!] = to[e]!;
  }
  return [start, list, placed];
}

/**
 * Where flows begin: the nodes of the start type, or when the flow has none (a fragment, a flow
 * from a builder without a start node), the first node (in flow order) of each group of nodes that
 * nothing outside the group leads into. That is every node nothing leads into, and also the entry
 * of a flow that loops back to where it began (greet -> send -> on failure greet again), which
 * would otherwise have no beginning, and every node in it would count as never running.
 */
export function findStarts(index: FlowIndex, startNodeType: string): number[] {
  const typed: number[] = [];
  index.nodes.forEach((node, i) => {
    if (node.type === startNodeType) typed.push(i);
  });
  if (typed.length > 0) return typed;
  const { component } = findStrongComponents(index);
  const enteredFromOutside = new Uint8Array(index.nodes.length);
  for (let node = 0; node < index.nodes.length; node++) {
    for (let e = index.predStart[node]!; e < index.predStart[node + 1]!; e++) {
      if (component[index.pred[e]!] !== component[node]) enteredFromOutside[component[node]!] = 1;
    }
  }
  const starts: number[] = [];
  const taken = new Uint8Array(index.nodes.length);
  for (let node = 0; node < index.nodes.length; node++) {
    const group = component[node]!;
    if (enteredFromOutside[group] || taken[group]) continue;
    taken[group] = 1;
    starts.push(node);
  }
  return starts;
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
