import { useReactFlow, useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { SendSmsBranch } from '../../core';

/**
 * Keeps React Flow in step when the node's source handles change (the consent mode adds or removes
 * `declined`): React Flow measures handles only when told to, and an edge from a handle that no
 * longer exists would dangle. Edges are deleted through React Flow, so the host's onEdgesChange and
 * onDelete hear about it as if the builder had deleted them.
 */
export function useBranchHandles(nodeId: string, branches: readonly SendSmsBranch[]): void {
  const updateNodeInternals = useUpdateNodeInternals();
  const { getEdges, deleteElements } = useReactFlow();
  const key = branches.join(',');
  const previous = useRef(key);

  useEffect(() => {
    if (previous.current === key) return;
    previous.current = key;
    updateNodeInternals(nodeId);
    const kept = new Set(key.split(','));
    const orphaned = getEdges().filter(
      (edge) =>
        edge.source === nodeId && typeof edge.sourceHandle === 'string' && !kept.has(edge.sourceHandle),
    );
    if (orphaned.length > 0) void deleteElements({ edges: orphaned.map(({ id }) => ({ id })) });
  }, [key, nodeId, updateNodeInternals, getEdges, deleteElements]);
}
