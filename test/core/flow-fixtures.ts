import type { FlowGraphInput, VariableCatalog, VariableDefinition } from '../../src/core/flow';

export interface NodeSpec {
  type?: string;
  /** Variables the node sets (read by `stepCatalog`). */
  sets?: (string | VariableDefinition)[];
  data?: Record<string, unknown>;
}

/**
 * A flow from a compact edge list: `'start->a a->b b:sent->c'` (`source:handle->target`). Nodes take
 * their order from `nodes` first, then from first mention in the edges; a node named `start...` is of
 * type `start`, every other of type `step`, unless `nodes` says otherwise.
 */
export function buildFlow(edges: string, nodes: Record<string, NodeSpec> = {}): FlowGraphInput {
  const ids: string[] = Object.keys(nodes);
  const parsedEdges = edges
    .split(/\s+/)
    .filter(Boolean)
    .map((text, i) => {
      const match = /^([^:>-]+)(?::([^>-]+))?->(.+)$/.exec(text);
      if (!match) throw new Error(`bad edge ${text}`);
      const [, source, handle, target] = match as unknown as [string, string, string | undefined, string];
      for (const id of [source, target]) if (!ids.includes(id)) ids.push(id);
      return { id: `e${i}`, source, target, sourceHandle: handle ?? null };
    });
  return {
    nodes: ids.map((id) => {
      const spec = nodes[id] ?? {};
      return {
        id,
        type: spec.type ?? (id.startsWith('start') ? 'start' : 'step'),
        position: { x: 0, y: 0 },
        data: { ...spec.data, ...(spec.sets ? { sets: spec.sets } : {}) },
      };
    }),
    edges: parsedEdges,
  };
}

/** A host catalog where `start` and `step` nodes set what their `data.sets` lists. */
export const stepCatalog: VariableCatalog = {
  start: (node) => setsOf(node.data),
  step: (node) => setsOf(node.data),
};

function setsOf(data: Record<string, unknown>): VariableDefinition[] {
  const sets = (data.sets ?? []) as (string | VariableDefinition)[];
  return sets.map((entry) => (typeof entry === 'string' ? { path: entry } : entry));
}
