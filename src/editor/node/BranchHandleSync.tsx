import { type ReactFlowState, useReactFlow, useStore, useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { SEND_SMS_NODE_TYPE } from '../../core';
import { branchesForMode, readNodeData } from './read-node-data';

/** The source handles of every Send SMS node, as `sent,declined,…` keyed by node id. */
type BranchKeys = ReadonlyMap<string, string>;

// A node's data object is replaced on every change, so its handles are worked out once per object.
const keyOfData = new WeakMap<object, string>();

function branchKey(data: Record<string, unknown>): string {
  let key = keyOfData.get(data);
  if (key === undefined) {
    key = branchesForMode(readNodeData(data).data.consent.mode).join(',');
    keyOfData.set(data, key);
  }
  return key;
}

function sameKeys(a: BranchKeys, b: BranchKeys): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [id, key] of a) if (b.get(id) !== key) return false;
  return true;
}

/** Re-reads the nodes only when React Flow replaced them: panning and zooming leave them alone. */
function createBranchKeySelector() {
  let nodes: ReactFlowState['nodes'] | undefined;
  let keys: BranchKeys = new Map();
  return (state: ReactFlowState): BranchKeys => {
    if (state.nodes === nodes) return keys;
    nodes = state.nodes;
    const next = new Map<string, string>();
    for (const node of nodes) if (node.type === SEND_SMS_NODE_TYPE) next.set(node.id, branchKey(node.data));
    if (!sameKeys(keys, next)) keys = next;
    return keys;
  };
}

/**
 * Keeps React Flow in step when a node's source handles change (the consent mode adds or removes
 * `declined`): React Flow measures handles only when told to, and an edge from a handle that no
 * longer exists would dangle. One instance watches the whole canvas (the plugin Provider renders
 * it), so nodes need no React Flow hooks of their own: `useReactFlow` in each of 1,000 nodes cost
 * two store subscriptions apiece, run on every frame of a pan. Edges are deleted through React Flow,
 * so the host's onEdgesChange and onDelete hear about it as if the builder had deleted them.
 */
export function BranchHandleSync() {
  const [select] = useState(createBranchKeySelector);
  const keys = useStore(select, sameKeys);
  const updateNodeInternals = useUpdateNodeInternals();
  const { getEdges, deleteElements } = useReactFlow();
  const previous = useRef(keys);

  useEffect(() => {
    const before = previous.current;
    previous.current = keys;
    // Nodes that are new (or gone) were measured by React Flow as they mounted.
    const changed = [...keys].filter(([id, key]) => before.has(id) && before.get(id) !== key);
    if (changed.length === 0) return;
    updateNodeInternals(changed.map(([id]) => id));
    const kept = new Map(changed.map(([id, key]) => [id, new Set(key.split(','))]));
    const orphaned = getEdges().filter((edge) => {
      const handles = kept.get(edge.source);
      return (
        handles !== undefined && typeof edge.sourceHandle === 'string' && !handles.has(edge.sourceHandle)
      );
    });
    if (orphaned.length > 0) void deleteElements({ edges: orphaned.map(({ id }) => ({ id })) });
  }, [keys, updateNodeInternals, getEdges, deleteElements]);

  return null;
}
