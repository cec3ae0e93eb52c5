import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';

// Handles carry role="button" so their names reach assistive tech; a click on one starts or ends a
// connection (React Flow's connect-on-click). Keyboard users connect from the Connections panel.

/** The host's own node types: the plugin knows nothing about them beyond the variable catalog. */
export type StartNode = Node<Record<string, never>, 'start'>;
export type SetVariablesNode = Node<{ values: Record<string, string> }, 'setVariables'>;
export type EndNode = Node<{ label?: string }, 'end'>;

const StartNodeView = memo(function StartNodeView(_: NodeProps<StartNode>) {
  return (
    <div className="host-node host-node--start">
      <strong>Start</strong>
      <span className="host-node__hint">Incoming call</span>
      <Handle type="source" position={Position.Right} role="button" aria-label="Start output" />
    </div>
  );
});

const SetVariablesNodeView = memo(function SetVariablesNodeView({ data }: NodeProps<SetVariablesNode>) {
  const names = Object.keys(data.values ?? {});
  return (
    <div className="host-node host-node--vars">
      <Handle type="target" position={Position.Left} role="button" aria-label="Set variables input" />
      <strong>Set variables</strong>
      <span className="host-node__hint">{names.length ? names.join(', ') : 'No variables yet'}</span>
      <Handle type="source" position={Position.Right} role="button" aria-label="Set variables output" />
    </div>
  );
});

const EndNodeView = memo(function EndNodeView({ data }: NodeProps<EndNode>) {
  return (
    <div className="host-node host-node--end">
      <Handle type="target" position={Position.Left} role="button" aria-label="End input" />
      <strong>End</strong>
      {data.label ? <span className="host-node__hint">{data.label}</span> : null}
    </div>
  );
});

export const hostNodeTypes = {
  start: StartNodeView,
  setVariables: SetVariablesNodeView,
  end: EndNodeView,
};

/** Which variables each host node type outputs: what the plugin offers downstream. */
export const hostCatalog = {
  start: [],
  end: [],
  setVariables: (node: { data: Record<string, unknown> }) =>
    Object.entries((node.data.values as Record<string, string> | undefined) ?? {}).map(([path, sample]) => ({
      path,
      sample,
      label: path,
    })),
};
