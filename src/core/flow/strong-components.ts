import type { FlowIndex } from './graph-index';

/** The flow's strongly connected components (its loops), numbered in topological order. */
export interface StrongComponents {
  /** `component[i]`: node i's component. An edge never leads to a smaller number, so a node can only reach nodes whose number is at least its own. */
  readonly component: Int32Array;
  /** 1 for a component with a loop: two nodes or more, or one node with an edge to itself. */
  readonly cyclic: Uint8Array;
  /** Every node in reverse post-order of a depth-first walk: forward edges go to later nodes, so only a loop's back edge goes to an earlier one. */
  readonly order: Int32Array;
}

/**
 * Kosaraju's two walks, O(nodes + edges): finishing order along the edges, then components
 * gathered against the edges in reverse finishing order, which finds them sources first.
 */
export function findStrongComponents(index: FlowIndex): StrongComponents {
  const total = index.nodes.length;
  const { succStart, succ, predStart, pred } = index;
  const seen = new Uint8Array(total);
  const finished: number[] = [];
  const stackNode: number[] = [];
  const stackEdge: number[] = [];
  for (let first = 0; first < total; first++) {
    if (seen[first]) continue;
    seen[first] = 1;
    stackNode.push(first);
    stackEdge.push(succStart[first]!);
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const node = stackNode[top]!;
      const e = stackEdge[top]!;
      if (e === succStart[node + 1]) {
        finished.push(node);
        stackNode.pop();
        stackEdge.pop();
        continue;
      }
      stackEdge[top] = e + 1;
      const next = succ[e]!;
      if (seen[next]) continue;
      seen[next] = 1;
      stackNode.push(next);
      stackEdge.push(succStart[next]!);
    }
  }

  const component = new Int32Array(total).fill(-1);
  const sizes: number[] = [];
  for (let k = finished.length - 1; k >= 0; k--) {
    const first = finished[k]!;
    if (component[first] !== -1) continue;
    const id = sizes.length;
    let size = 0;
    component[first] = id;
    stackNode.push(first);
    while (stackNode.length > 0) {
      const node = stackNode.pop()!;
      size++;
      for (let e = predStart[node]!; e < predStart[node + 1]!; e++) {
        const previous = pred[e]!;
        if (component[previous] !== -1) continue;
        component[previous] = id;
        stackNode.push(previous);
      }
    }
    sizes.push(size);
  }

  const cyclic = Uint8Array.from(sizes, (size) => (size > 1 ? 1 : 0));
  for (let node = 0; node < total; node++) {
    for (let e = succStart[node]!; e < succStart[node + 1]!; e++) {
      if (succ[e] === node) cyclic[component[node]!] = 1;
    }
  }
  return { component, cyclic, order: Int32Array.from(finished).reverse() };
}
