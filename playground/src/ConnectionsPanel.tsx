import { type Edge, type Node, useInternalNode } from '@xyflow/react';
import { useId } from 'react';
import { nodeLabel } from './node-labels';

/** Label of a source handle by id; `null` is a node's single unnamed output. */
export type OutputLabel = (nodeType: string | undefined, handleId: string | null) => string;

/**
 * The keyboard way to connect nodes (React Flow's handles are pointer-only): one picker per output
 * of the selected node, listing every other node. Choosing one replaces that output's edge.
 */
export function ConnectionsPanel({
  node,
  nodes,
  edges,
  outputLabel,
  onChange,
}: {
  node: Node;
  nodes: Node[];
  edges: Edge[];
  outputLabel: OutputLabel;
  onChange(edges: Edge[]): void;
}) {
  const id = useId();
  const internal = useInternalNode(node.id);
  // The handles the node actually renders, so a branch shown only in some modes is listed only then.
  const outputs = internal?.internals.handleBounds?.source ?? [];
  const targets = nodes.filter((other) => other.id !== node.id && other.type !== 'start');
  const names = new Map(targets.map((target) => [target.id, nodeLabel(target)]));
  const repeated = (name: string) => [...names.values()].filter((other) => other === name).length > 1;
  const optionLabel = (target: Node) => {
    const name = names.get(target.id) ?? target.id;
    return repeated(name) ? `${name} (${target.id})` : name;
  };

  if (outputs.length === 0) return null;

  const connect = (handleId: string | null, targetId: string) => {
    const kept = edges.filter(
      (edge) => !(edge.source === node.id && (edge.sourceHandle ?? null) === handleId),
    );
    if (!targetId) return onChange(kept);
    onChange([
      ...kept,
      {
        id: `e-${node.id}-${handleId ?? 'out'}-${targetId}`,
        source: node.id,
        sourceHandle: handleId,
        target: targetId,
      },
    ]);
  };

  return (
    <section className="connections" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Connections</h3>
      {outputs.map((handle, index) => {
        const handleId = handle.id ?? null;
        const current = edges.find(
          (edge) => edge.source === node.id && (edge.sourceHandle ?? null) === handleId,
        );
        const selectId = `${id}-${index}`;
        return (
          <div key={handleId ?? 'out'} className="connections__row">
            <label htmlFor={selectId}>{outputLabel(node.type, handleId)} goes to</label>
            <select
              id={selectId}
              value={current?.target ?? ''}
              onChange={(event) => connect(handleId, event.target.value)}
            >
              <option value="">Not connected</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {optionLabel(target)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </section>
  );
}
