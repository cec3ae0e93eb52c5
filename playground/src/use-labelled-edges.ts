import type { Edge, Node } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import { edgeLabel } from './node-labels';

/**
 * The edges with accessible names taken from the nodes they join ("From Send SMS (Sent) to End").
 * An edge keeps its labelled object while its name holds, so moving a node re-renders no edge.
 */
export function useLabelledEdges(
  edges: Edge[],
  nodes: Node[],
  names: ReadonlyMap<string, string>,
  outputName: (nodeType: string | undefined, handleId: string | null) => string | null,
): Edge[] {
  const cache = useRef(new WeakMap<Edge, Edge>());
  return useMemo(() => {
    const types = new Map(nodes.map((node) => [node.id, node.type]));
    return edges.map((edge) => {
      const ariaLabel = edgeLabel(
        names.get(edge.source) ?? edge.source,
        outputName(types.get(edge.source), edge.sourceHandle ?? null),
        names.get(edge.target) ?? edge.target,
      );
      const cached = cache.current.get(edge);
      if (cached?.ariaLabel === ariaLabel) return cached;
      const labelled = { ...edge, ariaLabel };
      cache.current.set(edge, labelled);
      return labelled;
    });
  }, [edges, nodes, names, outputName]);
}
