import type { FlowIndex } from './graph-index';

/**
 * The dominator tree of the nodes a start reaches. A virtual root (number `nodes.length`) leads to
 * every start, so a flow with several starts has one tree; node `a` dominates node `b` when every
 * path from the root to `b` passes through `a` (a node dominates itself).
 */
export interface DominatorTree {
  /** The virtual root's number: one past the last node. */
  readonly root: number;
  /** Depth in the tree (root 0); -1 for a node no start reaches. */
  readonly depth: Int32Array;
  /** True when `a` dominates `b`; false whenever either is unreachable. O(1). */
  dominates(a: number, b: number): boolean;
  /** The deepest node that dominates both `a` and `b` (both reachable). O(log depth). */
  commonDominator(a: number, b: number): number;
  /** The dominator of `node` at `depth` (at most the node's own depth). O(log depth). */
  dominatorAtDepth(node: number, depth: number): number;
}

/**
 * Lengauer and Tarjan's algorithm, in its simple form (path compression without balancing):
 * O(E log V) for E edges and V reachable nodes, with no iteration to a fixpoint, so loops cost
 * nothing extra. Every walk is iterative, so a 10,000-node chain cannot overflow the call stack.
 */
export function buildDominatorTree(
  index: FlowIndex,
  starts: readonly number[],
  isStart: Uint8Array,
): DominatorTree {
  const root = index.nodes.length;
  const size = root + 1;
  const { succStart, succ, predStart, pred } = index;

  // Depth-first numbering from the root; `order[k]` is the node numbered k.
  const number = new Int32Array(size).fill(-1);
  const order = new Int32Array(size);
  const parent = new Int32Array(size).fill(-1);
  let count = 0;
  number[root] = count;
  order[count++] = root;
  const stackNode: number[] = [root];
  const stackEdge: number[] = [0];
  while (stackNode.length > 0) {
    const top = stackNode.length - 1;
    const node = stackNode[top]!;
    const k = stackEdge[top]!;
    const end = node === root ? starts.length : succStart[node + 1]! - succStart[node]!;
    if (k === end) {
      stackNode.pop();
      stackEdge.pop();
      continue;
    }
    stackEdge[top] = k + 1;
    const next = node === root ? starts[k]! : succ[succStart[node]! + k]!;
    if (number[next]! >= 0) continue;
    number[next] = count;
    order[count++] = next;
    parent[next] = node;
    stackNode.push(next);
    stackEdge.push(0);
  }

  // Semidominators (as depth-first numbers), buckets as linked lists, then immediate dominators.
  const semi = number.slice();
  const ancestor = new Int32Array(size).fill(-1);
  const label = Int32Array.from({ length: size }, (_, node) => node);
  const idom = new Int32Array(size).fill(-1);
  const bucketHead = new Int32Array(size).fill(-1);
  const bucketNext = new Int32Array(size).fill(-1);
  const path: number[] = [];
  const evaluate = (node: number): number => {
    if (ancestor[node] === -1) return node;
    // Compress the forest path from `node`, nearest the forest root first.
    let x = node;
    while (ancestor[ancestor[x]!] !== -1) {
      path.push(x);
      x = ancestor[x]!;
    }
    while (path.length > 0) {
      const y = path.pop()!;
      const a = ancestor[y]!;
      if (semi[label[a]!]! < semi[label[y]!]!) label[y] = label[a]!;
      ancestor[y] = ancestor[a]!;
    }
    return label[node]!;
  };
  const consider = (w: number, v: number) => {
    if (number[v]! < 0) return;
    const u = evaluate(v);
    if (semi[u]! < semi[w]!) semi[w] = semi[u]!;
  };
  for (let k = count - 1; k >= 1; k--) {
    const w = order[k]!;
    for (let e = predStart[w]!; e < predStart[w + 1]!; e++) consider(w, pred[e]!);
    if (isStart[w]) consider(w, root);
    const s = order[semi[w]!]!;
    bucketNext[w] = bucketHead[s]!;
    bucketHead[s] = w;
    const p = parent[w]!;
    ancestor[w] = p;
    for (let v = bucketHead[p]!; v !== -1; v = bucketNext[v]!) {
      const u = evaluate(v);
      idom[v] = semi[u]! < semi[v]! ? u : p;
    }
    bucketHead[p] = -1;
  }
  for (let k = 1; k < count; k++) {
    const w = order[k]!;
    if (idom[w] !== order[semi[w]!]) idom[w] = idom[idom[w]!]!;
  }

  // The tree in pre-order: `a` dominates `b` when b's entry number falls in a's subtree range.
  const childStart = new Int32Array(size + 1);
  for (let k = 1; k < count; k++) childStart[idom[order[k]!]! + 1]!++;
  for (let i = 0; i < size; i++) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice(0, size);
  const children = new Int32Array(Math.max(0, count - 1));
  for (let k = 1; k < count; k++) {
    const w = order[k]!;
    children[fill[idom[w]!]!++] = w;
  }
  const enter = new Int32Array(size).fill(-1);
  const leave = new Int32Array(size).fill(-1);
  const depth = new Int32Array(size).fill(-1);
  let clock = 0;
  let maxDepth = 0;
  depth[root] = 0;
  enter[root] = clock++;
  stackNode.push(root);
  stackEdge.push(childStart[root]!);
  while (stackNode.length > 0) {
    const top = stackNode.length - 1;
    const node = stackNode[top]!;
    const e = stackEdge[top]!;
    if (e === childStart[node + 1]) {
      leave[node] = clock - 1;
      stackNode.pop();
      stackEdge.pop();
      continue;
    }
    stackEdge[top] = e + 1;
    const child = children[e]!;
    depth[child] = depth[node]! + 1;
    if (depth[child]! > maxDepth) maxDepth = depth[child]!;
    enter[child] = clock++;
    stackNode.push(child);
    stackEdge.push(childStart[child]!);
  }

  // Ancestor tables (`up[j]` is the 2^j-th dominator), built on the first question that needs them.
  let up: Int32Array[] | undefined;
  const jumps = (): Int32Array[] => {
    if (up) return up;
    const first = idom.slice();
    first[root] = root;
    for (let i = 0; i < size; i++) if (first[i] === -1) first[i] = i;
    up = [first];
    for (let span = 2; span <= maxDepth; span *= 2) {
      const previous = up[up.length - 1]!;
      const next = new Int32Array(size);
      for (let i = 0; i < size; i++) next[i] = previous[previous[i]!]!;
      up.push(next);
    }
    return up;
  };
  const lift = (node: number, steps: number): number => {
    const table = jumps();
    let x = node;
    for (let j = 0, rest = steps; rest > 0; j++, rest >>>= 1) if (rest & 1) x = table[j]![x]!;
    return x;
  };

  return {
    root,
    depth,
    dominates: (a, b) => enter[a]! >= 0 && enter[b]! >= 0 && enter[a]! <= enter[b]! && enter[b]! <= leave[a]!,
    commonDominator(a, b) {
      let x = lift(a, Math.max(0, depth[a]! - depth[b]!));
      let y = lift(b, Math.max(0, depth[b]! - depth[a]!));
      if (x === y) return x;
      const table = jumps();
      for (let j = table.length - 1; j >= 0; j--) {
        if (table[j]![x] !== table[j]![y]) {
          x = table[j]![x]!;
          y = table[j]![y]!;
        }
      }
      return idom[x]!;
    },
    dominatorAtDepth: (node, at) => lift(node, depth[node]! - at),
  };
}
