import { buildDominatorTree, type DominatorTree } from './dominators';
import { type FlowIndex, SENT_BRANCH, UNSENT_BRANCH } from './graph-index';
import { findStrongComponents, type StrongComponents } from './strong-components';

/** `always`: every path from a start to the node sets the variable; `some-paths`: at least one does. */
export type Availability = 'always' | 'some-paths';

/**
 * Answers "is variable v available at node t?", given the nodes that set v (its setters).
 *
 * What the answer means. Paths begin at a start; a virtual root leads to every start, so "a path
 * from a start" is "a path from the root". A node's own outputs reach the node itself only around
 * a loop. For a node some start reaches:
 * - `some-paths` (MAY): a setter that a start reaches has a path of at least one edge to t;
 * - `always` (MUST): every path from the root to t passes a setter before arriving at t.
 * A node no start reaches never runs; it sees what its own (equally unreachable) ancestors set,
 * and never `always`.
 *
 * Why not one dataflow over every variable name: a bit set per node over all names costs
 * (nodes + edges) x names / 32, and in a flow where each part brings names of its own the names
 * grow with the flow, so the cost grows as its square (issue 6, benchmark 4). Each question here is
 * answered from the setters of one variable and the shape of the graph near t instead:
 *
 * MUST, from the dominator tree (O(E log V) once, see dominators.ts). Let root = d0, d1, ..., dk = t
 * be t's dominators from the top down. Every path from the root to t passes them in that order, and
 * (taking the path without repeated nodes, which exists whenever any path avoiding the setters
 * does) its stretch from d(i) to d(i+1) stays inside the region R(i+1): the nodes d(i) dominates
 * and d(i+1) does not. So v is `always` at t exactly when
 *   (a) a setter strictly dominates t, or
 *   (b) for some i, the setters inside R(i+1) cut every path from d(i) to d(i+1) within R(i+1).
 * (a) is one O(1) interval test per setter. For (b) only regions holding a setter can be cut: a
 * setter s lies in the region just below the deepest common dominator of s and t (O(log V) with the
 * ancestor tables), and a setter that t dominates lies after t (it matters only around a loop, to
 * MAY). Each such region is searched once, backwards from d(i+1), stopping at setters and at the
 * region's edge, and as soon as d(i) is reached. The regions along one chain are disjoint, so one
 * question costs O(S log V) for S setters plus at most the nodes and edges of the regions it opens;
 * in a flow made of blocks (branch, merge, next block) those are a block or two.
 *
 * MAY, from the strongly connected components (O(V + E) once, numbered so that an edge never goes
 * to a smaller number): a setter in a component numbered above t's cannot reach t, one in t's own
 * component reaches it when that component is a loop, and for the rest a backward search from t
 * stops at the first setter and never enters a component numbered below the lowest candidate.
 *
 * Worst case: a question whose regions, or whose window of components, span most of the flow costs
 * O(V + E). A caller that asks about one variable at many nodes should therefore switch to `solve`,
 * which answers for every node at once, 32 variables per word of a bit set, in O(V + E) per word;
 * `work` counts what the local questions cost so it can decide when (see variable-availability.ts).
 *
 * The Send SMS outputs (sms.*) are set along some edges and cleared along others, which neither the
 * dominator tree nor the components can see: only `solve` answers for them.
 */
export interface AvailabilityOracle {
  /** `reachable[i]` is 1 when some path from a start reaches node `i`. */
  readonly reachable: Uint8Array;
  /** Nodes and edges visited and setters examined by `always` and `sometimes` so far. */
  readonly work: number;
  /** MUST: every path from a start to `node` passes one of `setters` first. */
  always(node: number, setters: readonly number[]): boolean;
  /** MAY: one of `setters` on the node's side (reached from a start or not) has a path to `node`. */
  sometimes(node: number, setters: readonly number[]): boolean;
  /**
   * Several variables at every node at once, given each one's setters: two forward propagations
   * of bit sets (MAY, and "open": reached from a start before any setter), one bit per variable.
   * `onBranches[k]` marks a variable that every Send SMS node also sets along its sent edges and
   * clears along its other edges (succBranch in the index): an edge, not a node, is then what sets
   * or clears it, so both propagations apply each edge's effect as they cross it.
   * Each is a pass over the nodes in reverse post-order, repeated while a set grew; a pass handles
   * only nodes whose set grew since it was last handled. Sets only grow, so the passes end. In
   * reverse post-order a pass carries every change along all forward edges, and only a loop's back
   * edge needs another: for such bit-vector problems the passes number at most d + 3 (Kam and
   * Ullman), d being the most back edges of the walk on one path without repeated nodes. Retry
   * loops that are not nested inside one another give d = 1, so the cost is a small multiple of
   * one pass, O((V + E) x ceil(variables / 32)) word operations.
   */
  solve(variables: readonly (readonly number[])[], onBranches?: readonly boolean[]): SolvedAvailability;
}

/** Answers from `solve`, by the variable's position in the list solved. */
export interface SolvedAvailability {
  at(node: number, variable: number): Availability | undefined;
}

export function createAvailabilityOracle(index: FlowIndex, starts: readonly number[]): AvailabilityOracle {
  const total = index.nodes.length;
  const { succStart, succ, succBranch, predStart, pred } = index;
  const isStart = new Uint8Array(total);
  const reachable = new Uint8Array(total);
  const stack: number[] = [];
  for (const s of starts) {
    isStart[s] = 1;
    if (!reachable[s]) {
      reachable[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let e = succStart[node]!; e < succStart[node + 1]!; e++) {
      const next = succ[e]!;
      if (!reachable[next]) {
        reachable[next] = 1;
        stack.push(next);
      }
    }
  }

  // Built on the first question that needs them: a flow nobody asks about costs only the walk above.
  let tree: DominatorTree | undefined;
  let components: StrongComponents | undefined;
  const dominators = () => {
    tree ??= buildDominatorTree(index, starts, isStart);
    return tree;
  };
  const strongComponents = () => {
    components ??= findStrongComponents(index);
    return components;
  };

  // Per-question marks, told apart by a counter so no array is ever cleared.
  const marked = new Int32Array(total + 1);
  const visited = new Int32Array(total + 1);
  const regionSeen = new Int32Array(total + 1);
  let markRound = 0;
  let visitRound = 0;
  let work = 0;

  /** Can a path go from `top` down to `entry` through R(entry) without passing a marked setter? */
  const crossable = (dom: DominatorTree, top: number, entry: number, mark: number): boolean => {
    const round = ++visitRound;
    visited[entry] = round;
    stack.length = 0;
    stack.push(entry);
    while (stack.length > 0) {
      const node = stack.pop()!;
      work++;
      if (top === dom.root && isStart[node]) return true;
      for (let e = predStart[node]!; e < predStart[node + 1]!; e++) {
        work++;
        const p = pred[e]!;
        if (p === top) return true;
        if (marked[p] === mark || visited[p] === round) continue;
        if (!dom.dominates(top, p) || dom.dominates(entry, p)) continue;
        visited[p] = round;
        stack.push(p);
      }
    }
    return false;
  };

  const always = (node: number, setters: readonly number[]): boolean => {
    // A start's own paths begin empty, and a node no start reaches is never guaranteed anything.
    if (!reachable[node] || isStart[node]) return false;
    const dom = dominators();
    for (const s of setters) {
      work++;
      if (s !== node && dom.dominates(s, node)) return true;
    }
    const mark = ++markRound;
    for (const s of setters) marked[s] = mark;
    for (const s of setters) {
      if (!reachable[s] || dom.dominates(node, s)) continue;
      work += 2 + (32 - Math.clz32(dom.depth[node]!));
      const top = dom.commonDominator(s, node);
      const entry = dom.dominatorAtDepth(node, dom.depth[top]! + 1);
      if (regionSeen[entry] === mark) continue;
      regionSeen[entry] = mark;
      if (!crossable(dom, top, entry, mark)) return true;
    }
    return false;
  };

  const sometimes = (node: number, setters: readonly number[]): boolean => {
    const { component, cyclic } = strongComponents();
    const side = reachable[node];
    const home = component[node]!;
    const mark = ++markRound;
    let lowest = home;
    let candidates = 0;
    for (const s of setters) {
      work++;
      if (reachable[s] !== side) continue;
      const c = component[s]!;
      if (c > home) continue;
      if (c === home) {
        // The same component: another node of the loop, or the node itself, which reaches itself
        // only around a loop.
        if (cyclic[home]) return true;
        continue;
      }
      marked[s] = mark;
      candidates++;
      if (c < lowest) lowest = c;
    }
    if (candidates === 0) return false;
    const round = ++visitRound;
    stack.length = 0;
    stack.push(node);
    while (stack.length > 0) {
      const current = stack.pop()!;
      work++;
      for (let e = predStart[current]!; e < predStart[current + 1]!; e++) {
        work++;
        const p = pred[e]!;
        if (reachable[p] !== side) continue;
        if (marked[p] === mark) return true;
        if (visited[p] === round || component[p]! < lowest) continue;
        visited[p] = round;
        stack.push(p);
      }
    }
    return false;
  };

  const solve = (
    variables: readonly (readonly number[])[],
    onBranches: readonly boolean[] = [],
  ): SolvedAvailability => {
    const { order } = strongComponents();
    const words = Math.ceil(variables.length / 32);
    const gen = new Int32Array(total * words);
    variables.forEach((setters, k) => {
      for (const s of setters) gen[s * words + (k >>> 5)]! |= 1 << (k & 31);
    });
    const branchBits = new Int32Array(words);
    onBranches.forEach((on, k) => {
      if (on) branchBits[k >>> 5]! |= 1 << (k & 31);
    });
    const branching = branchBits.some((bits) => bits !== 0);
    /** Send SMS nodes with an edge of `kind`, on the side of the flow `side` selects. */
    const branchSources = (kind: number, side: (node: number) => boolean) => {
      const found: number[] = [];
      if (!branching) return found;
      for (let node = 0; node < total; node++) {
        if (!side(node)) continue;
        for (let e = succStart[node]!; e < succStart[node + 1]!; e++) {
          if (succBranch[e] === kind) {
            found.push(node);
            break;
          }
        }
      }
      return found;
    };
    // Int32, not Uint32: every value then stays a 32-bit integer in V8, never a boxed double.
    const may = new Int32Array(total * words);
    const open = new Int32Array(total * words);
    const dirty = new Uint8Array(total);
    let pending = 0;
    const markDirty = (node: number) => {
      if (dirty[node]) return;
      dirty[node] = 1;
      pending++;
    };
    /**
     * Passes over the flow in reverse post-order, handling only nodes whose set grew. `out` gives
     * what one word of a node's set becomes along an edge of the given branch kind.
     */
    const propagate = (
      into: Int32Array,
      out: (slot: number, word: number, branch: number) => number,
      sameSide: boolean,
    ) => {
      while (pending > 0) {
        for (const node of order) {
          if (!dirty[node]) continue;
          dirty[node] = 0;
          pending--;
          for (let e = succStart[node]!; e < succStart[node + 1]!; e++) {
            const next = succ[e]!;
            if (sameSide && reachable[next] !== reachable[node]) continue;
            const branch = succBranch[e]!;
            let grew = false;
            for (let w = 0; w < words; w++) {
              const to = next * words + w;
              const bits = into[to]! | out(node * words + w, w, branch);
              if (bits !== into[to]) {
                into[to] = bits;
                grew = true;
              }
            }
            if (grew) markDirty(next);
          }
        }
      }
    };
    // MAY: a setter's outputs flow to its successors on its own side (reached from a start or not),
    // and so do a sent edge's, until an edge that clears them.
    variables.forEach((setters) => {
      for (const s of setters) markDirty(s);
    });
    for (const node of branchSources(SENT_BRANCH, () => true)) markDirty(node);
    propagate(
      may,
      (slot, w, branch) => {
        const bits = may[slot]! | gen[slot]!;
        if (branch === SENT_BRANCH) return bits | branchBits[w]!;
        return branch === UNSENT_BRANCH ? bits & ~branchBits[w]! : bits;
      },
      true,
    );
    // Not MUST: a start reaches the node before any setter of the variable (a setter is reached,
    // not passed). Starts are open for every variable: their paths begin empty. An edge that clears
    // a variable opens it again, whatever its node had, once the node runs: reached from a start.
    for (const start of starts) {
      open.fill(-1, start * words, (start + 1) * words);
      markDirty(start);
    }
    for (const node of branchSources(UNSENT_BRANCH, (n) => reachable[n] === 1)) markDirty(node);
    propagate(
      open,
      (slot, w, branch) => {
        const bits = open[slot]! & ~gen[slot]!;
        if (branch === SENT_BRANCH) return bits & ~branchBits[w]!;
        return branch === UNSENT_BRANCH ? bits | branchBits[w]! : bits;
      },
      false,
    );
    return {
      at(node, variable) {
        const slot = node * words + (variable >>> 5);
        const bit = 1 << (variable & 31);
        if (!(may[slot]! & bit)) return undefined;
        return reachable[node] && !(open[slot]! & bit) ? 'always' : 'some-paths';
      },
    };
  };

  return {
    reachable,
    get work() {
      return work;
    },
    always,
    sometimes,
    solve,
  };
}
