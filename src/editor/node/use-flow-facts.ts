import { type ReactFlowState, useStore } from '@xyflow/react';
import { useCallback } from 'react';
import { shallow } from 'zustand/shallow';

/**
 * A name for a node as the builder knows it: its label when it has one, else the name the host gives
 * it on the canvas (React Flow's `ariaLabel`, what a screen reader calls it), else its type and id.
 */
function nodeLabel(node: {
  id: string;
  type?: string | undefined;
  data: Record<string, unknown>;
  ariaLabel?: string | undefined;
}): string {
  const label = node.data.label;
  if (typeof label === 'string' && label.trim()) return label.trim();
  if (node.ariaLabel?.trim()) return node.ariaLabel.trim();
  return node.type ? `${node.type} (${node.id})` : node.id;
}

/**
 * Labels of the given nodes, for headings such as "From: Set variables". Compared shallowly, so
 * dragging a node (which replaces its object) does not re-render the inspector.
 */
export function useNodeLabels(nodeIds: readonly string[]): Readonly<Record<string, string>> {
  const key = nodeIds.join('\u0000');
  const selector = useCallback(
    (state: ReactFlowState) => {
      const labels: Record<string, string> = {};
      for (const id of key ? key.split('\u0000') : []) {
        const node = state.nodeLookup.get(id);
        if (node) labels[id] = nodeLabel(node);
      }
      return labels;
    },
    [key],
  );
  return useStore(selector, shallow);
}

/** Whether an edge leaves the node from the given source handle. */
export function useHandleConnected(nodeId: string, handleId: string): boolean {
  return useStore(
    useCallback(
      (state: ReactFlowState) => state.edges.some((e) => e.source === nodeId && e.sourceHandle === handleId),
      [nodeId, handleId],
    ),
  );
}
