import type { VariableDefinition } from './catalog';
import type { FlowIndex } from './graph-index';

/** `always`: every path from a start to the node sets the variable; `some-paths`: at least one does. */
export type Availability = 'always' | 'some-paths';

/**
 * Which variables are available where, for the nodes of one analysis scope.
 *
 * The algorithm, and why it is fast enough to run on every edit:
 *
 * - The scope is either the whole flow or, for a single node, the node and its ancestors. Ancestors
 *   are closed under "predecessor of", so a node's answer is the same in both scopes; the small
 *   scope only saves work.
 * - Two forward dataflow problems share one walk. MAY (some path sets v) is a union over
 *   predecessors; MUST (every path sets v) an intersection, with a start node's MUST empty because
 *   the path that starts there has set nothing yet. A node's own outputs flow to its successors, so
 *   they reach the node itself only around a cycle.
 * - Paths must begin at a start, so nodes no start reaches are kept apart: they take MAY only from
 *   other unreachable nodes (their own upstream), and their MUST is empty (no path guarantees
 *   anything). Reachable nodes never read from unreachable ones.
 * - Sets are bit sets over variable numbers, one fixed slot per node, updated in place: a pass costs
 *   O((nodes + edges) x ceil(variables / 32)) word operations, with no per-node set copying, so for
 *   a given catalog the time is linear in the size of the flow. Nodes are visited in reverse
 *   post-order from the starts, which is a topological order when the flow has no loop: one pass is
 *   then exact. Loops (retry paths) take a few more passes; MAY only grows and MUST only shrinks, so
 *   iteration always ends.
 *
 * Asking one question per variable ("can a start reach the node without passing a node that sets
 * v?") would be exact too, but costs a graph walk per variable name.
 */
export interface AvailabilityTable {
  /** `reachable[i]` is 1 when some path from a start reaches node `i` (flow numbering). */
  readonly reachable: Uint8Array;
  /** Variable paths set by any node in the scope, numbered. */
  readonly variableIds: ReadonlyMap<string, number>;
  /** Availability of a variable at a node in the scope, undefined when no upstream node sets it. */
  at(node: number, variable: number): Availability | undefined;
  /** Calls `visit` for each variable some path to `node` sets, in variable number order. */
  forEachAt(node: number, visit: (variable: number, availability: Availability) => void): void;
}

export function computeAvailability(
  index: FlowIndex,
  outputsOf: (node: number) => readonly VariableDefinition[],
  scope: readonly number[],
  starts: readonly number[],
): AvailabilityTable {
  const total = index.nodes.length;
  const size = scope.length;
  const local = new Int32Array(total).fill(-1);
  scope.forEach((node, position) => {
    local[node] = position;
  });

  // Variable numbers and each node's outputs (GEN), as lists of numbers.
  const variableIds = new Map<string, number>();
  const genStart = new Int32Array(size + 1);
  const gen: number[] = [];
  for (let l = 0; l < size; l++) {
    for (const definition of outputsOf(scope[l]!)) {
      let id = variableIds.get(definition.path);
      if (id === undefined) {
        id = variableIds.size;
        variableIds.set(definition.path, id);
      }
      gen.push(id);
    }
    genStart[l + 1] = gen.length;
  }
  const words = Math.ceil(variableIds.size / 32);
  const lastMask = variableIds.size % 32 === 0 ? -1 : (1 << (variableIds.size % 32)) - 1;

  const reachable = new Uint8Array(total);
  const isStart = new Uint8Array(size);
  const queue: number[] = [];
  for (const s of starts) {
    isStart[local[s]!] = 1;
    if (!reachable[s]) {
      reachable[s] = 1;
      queue.push(s);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (let e = index.succStart[node]!; e < index.succStart[node + 1]!; e++) {
      const next = index.succ[e]!;
      if (local[next]! >= 0 && !reachable[next]) {
        reachable[next] = 1;
        queue.push(next);
      }
    }
  }

  const order = reversePostOrder(index, scope, local, starts);
  const hasLoop = hasRetreatingEdge(index, scope, local, order);

  // Int32, not Uint32: every value then stays a 32-bit integer in V8, never a boxed double.
  const mayIn = new Int32Array(size * words);
  const mustIn = new Int32Array(size * words);
  for (let l = 0; l < size; l++) {
    if (reachable[scope[l]!] && !isStart[l]) fillTop(mustIn, l * words, words, lastMask);
  }

  const may = new Int32Array(words);
  const must = new Int32Array(words);
  const kept: number[] = [];
  const pass = (): boolean => {
    let changed = false;
    for (const l of order) {
      const node = scope[l]!;
      const reach = reachable[node]!;
      const mustApplies = reach === 1 && isStart[l] === 0;
      may.fill(0);
      if (mustApplies) fillTop(must, 0, words, lastMask);
      else must.fill(0);
      for (let e = index.predStart[node]!; e < index.predStart[node + 1]!; e++) {
        const p = index.pred[e]!;
        const lp = local[p]!;
        if (lp < 0 || reachable[p] !== reach) continue;
        // OUT(p) = IN(p) | GEN(p). MAY |= OUT(p) directly. MUST &= OUT(p) is MUST & IN(p) plus the
        // bits of GEN(p) that MUST held before: noted first, restored after, so OUT(p) is never copied.
        const base = lp * words;
        const genFrom = genStart[lp]!;
        const genTo = genStart[lp + 1]!;
        if (mustApplies) {
          kept.length = 0;
          for (let k = genFrom; k < genTo; k++) {
            if (must[gen[k]! >>> 5]! & (1 << (gen[k]! & 31))) kept.push(gen[k]!);
          }
          for (let w = 0; w < words; w++) {
            may[w]! |= mayIn[base + w]!;
            must[w]! &= mustIn[base + w]!;
          }
          for (const id of kept) must[id >>> 5]! |= 1 << (id & 31);
        } else {
          for (let w = 0; w < words; w++) may[w]! |= mayIn[base + w]!;
        }
        for (let k = genFrom; k < genTo; k++) may[gen[k]! >>> 5]! |= 1 << (gen[k]! & 31);
      }
      const base = l * words;
      for (let w = 0; w < words; w++) {
        if (mayIn[base + w] !== may[w] || mustIn[base + w] !== must[w]) {
          changed = true;
          mayIn[base + w] = may[w]!;
          mustIn[base + w] = must[w]!;
        }
      }
    }
    return changed;
  };
  // Loops feed later nodes back into earlier ones: repeat until nothing changes.
  let changed = pass();
  while (hasLoop && changed) changed = pass();

  const at = (node: number, variable: number): Availability | undefined => {
    const l = local[node]!;
    if (l < 0 || variable < 0 || variable >= variableIds.size) return undefined;
    const slot = l * words + (variable >>> 5);
    const bit = 1 << (variable & 31);
    if (mustIn[slot]! & bit) return 'always';
    return mayIn[slot]! & bit ? 'some-paths' : undefined;
  };
  const forEachAt = (node: number, visit: (variable: number, availability: Availability) => void) => {
    const l = local[node]!;
    if (l < 0) return;
    for (let w = 0; w < words; w++) {
      let bits = mayIn[l * words + w]! | mustIn[l * words + w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const variable = w * 32 + (31 - Math.clz32(low));
        visit(variable, mustIn[l * words + w]! & low ? 'always' : 'some-paths');
        bits ^= low;
      }
    }
  };
  return { reachable, variableIds, at, forEachAt };
}

function fillTop(bits: Int32Array, base: number, words: number, lastMask: number): void {
  if (words === 0) return;
  bits.fill(-1, base, base + words);
  bits[base + words - 1] = lastMask;
}

/**
 * Scope positions in reverse post-order of a depth-first walk that starts from the start nodes,
 * then from any node not yet seen (the unreachable part). Iterative, so a 10,000-node chain does
 * not overflow the call stack.
 */
function reversePostOrder(
  index: FlowIndex,
  scope: readonly number[],
  local: Int32Array,
  starts: readonly number[],
): number[] {
  const seen = new Uint8Array(scope.length);
  const post: number[] = [];
  const stackNode: number[] = [];
  const stackEdge: number[] = [];
  const walkFrom = (root: number) => {
    if (seen[local[root]!]) return;
    seen[local[root]!] = 1;
    stackNode.push(root);
    stackEdge.push(index.succStart[root]!);
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const node = stackNode[top]!;
      const e = stackEdge[top]!;
      if (e === index.succStart[node + 1]) {
        stackNode.pop();
        stackEdge.pop();
        post.push(local[node]!);
        continue;
      }
      stackEdge[top] = e + 1;
      const next = index.succ[e]!;
      const l = local[next]!;
      if (l >= 0 && !seen[l]) {
        seen[l] = 1;
        stackNode.push(next);
        stackEdge.push(index.succStart[next]!);
      }
    }
  };
  for (const s of starts) walkFrom(s);
  for (const node of scope) walkFrom(node);
  return post.reverse();
}

/** True when some edge in the scope goes back to a node visited no later than its source (a loop). */
function hasRetreatingEdge(
  index: FlowIndex,
  scope: readonly number[],
  local: Int32Array,
  order: readonly number[],
): boolean {
  const rank = new Int32Array(scope.length);
  order.forEach((l, k) => {
    rank[l] = k;
  });
  for (let l = 0; l < scope.length; l++) {
    const node = scope[l]!;
    for (let e = index.succStart[node]!; e < index.succStart[node + 1]!; e++) {
      const target = local[index.succ[e]!]!;
      if (target >= 0 && rank[target]! <= rank[l]!) return true;
    }
  }
  return false;
}
