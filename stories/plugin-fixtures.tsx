// A small host for the plugin's stories: a React Flow canvas with a few host node types, the
// plugin's Provider around it, and optionally its inspector beside it.
import {
  Background,
  type Edge,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
} from '@xyflow/react';
import { memo, useState } from 'react';
import type {
  Environment,
  SendSmsNodeDataInput,
  SmsTemplate,
  VariableCatalog,
  VariableDefinition,
} from '../src/core';
import { memoryTemplateStorage, newNodeData, sendSmsNodeTypes, type TemplateStorage } from '../src/editor';
import { keyboardHandleProps } from '../src/editor/node/keyboard-handle';
import { createSendSmsPlugin } from '../src/plugin';
import { LIVE_SENDER, SAMPLE_TEMPLATES, SANDBOX_SENDER } from './inspector-fixtures';

const HostNode = memo(function HostNode({ data, type }: NodeProps) {
  return (
    <div
      style={{
        padding: '8px 12px',
        border: '1px solid #9aa5b1',
        borderRadius: 6,
        background: '#f5f7fa',
        fontSize: 12,
      }}
    >
      {/* Named handles need a role; as buttons they also take Tab and Enter, like the plugin's own,
          so a branch can be wired to these nodes from the keyboard. */}
      {type !== 'start' ? (
        <Handle
          type="target"
          position={Position.Left}
          role="button"
          aria-label={`${String(data.label)} input`}
          {...keyboardHandleProps}
        />
      ) : null}
      {String(data.label ?? type)}
      {type !== 'end' ? (
        <Handle
          type="source"
          position={Position.Right}
          role="button"
          aria-label={`${String(data.label)} output`}
          {...keyboardHandleProps}
        />
      ) : null}
    </div>
  );
});

/** `count` variables a CRM lookup sets, for the "many upstream variables" stories. */
export function crmVariables(count: number): VariableDefinition[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `crm.field_${String(i).padStart(4, '0')}`,
    label: `CRM field ${i}`,
    sample: `value ${i}`,
  }));
}

export const storyCatalog: VariableCatalog = {
  start: [],
  end: [],
  collect: [
    { path: 'caller.first_name', label: 'First name', sample: 'Ada' },
    { path: 'booking.date', label: 'Appointment date', sample: 'Tue 4 March, 10:30' },
    { path: 'booking.code', label: 'Confirmation code', sample: 'K7Q2' },
    { path: 'crm.sms_consent', label: 'Agreed to SMS', sample: 'true' },
  ],
  crm: crmVariables(1_000),
};

// Module level: React Flow remounts every node when nodeTypes changes identity.
const nodeTypes = { start: HostNode, collect: HostNode, crm: HostNode, end: HostNode, ...sendSmsNodeTypes };

const host = (id: string, type: string, label: string, x: number, y = 0): Node => ({
  id,
  type,
  position: { x, y },
  data: { label },
});

export function smsNode(data: SendSmsNodeDataInput | Record<string, unknown>, id = 'sms'): Node {
  return {
    id,
    type: 'sendSms',
    position: { x: 420, y: 0 },
    data: data as Record<string, unknown>,
    selected: true,
  };
}

export const emptyNodeData = newNodeData;

/** Start -> Collect details (-> CRM lookup) -> the Send SMS node -> End on the given branches. */
export function flowWith(
  sms: Node,
  options: { connect?: string[]; crm?: boolean } = {},
): { nodes: Node[]; edges: Edge[] } {
  const nodes = [host('start', 'start', 'Start', 0), host('collect', 'collect', 'Collect details', 140)];
  const edges: Edge[] = [{ id: 'start-collect', source: 'start', target: 'collect' }];
  let last = 'collect';
  if (options.crm) {
    nodes.push(host('crm', 'crm', 'CRM lookup', 280, 80));
    edges.push({ id: 'collect-crm', source: 'collect', target: 'crm' });
    last = 'crm';
  }
  nodes.push(sms);
  edges.push({ id: `${last}-sms`, source: last, target: sms.id });
  for (const [i, branch] of (options.connect ?? []).entries()) {
    const end = host(`end-${branch}`, 'end', `End (${branch})`, 760, i * 70 - 60);
    nodes.push(end);
    edges.push({ id: `sms-${branch}`, source: sms.id, sourceHandle: branch, target: end.id });
  }
  return { nodes, edges };
}

export interface PluginCanvasProps {
  nodes: Node[];
  edges: Edge[];
  templates?: SmsTemplate[];
  /** Where the plugin loads templates from; `templates` in memory when left out. */
  templateStorage?: TemplateStorage;
  environment?: Environment;
  /** Show the inspector of this node beside the canvas. */
  inspect?: string;
  canvasHeight?: number;
}

export function PluginCanvas({
  nodes,
  edges,
  templates = SAMPLE_TEMPLATES,
  templateStorage,
  environment = 'sandbox',
  inspect,
  canvasHeight = 320,
}: PluginCanvasProps) {
  // One plugin (and store) per mounted story, as a host has one per canvas.
  const [plugin] = useState(() =>
    createSendSmsPlugin({
      catalog: storyCatalog,
      environment,
      templateStorage: templateStorage ?? memoryTemplateStorage(templates),
      defaultSenders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
    }),
  );
  return (
    <ReactFlowProvider>
      <plugin.Provider>
        <div
          style={{ display: 'flex', gap: 16, alignItems: 'flex-start', fontFamily: 'system-ui, sans-serif' }}
        >
          <div style={{ flex: 1, minWidth: 480, height: canvasHeight, border: '1px solid #e4e7eb' }}>
            <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} fitView>
              <Background />
            </ReactFlow>
          </div>
          {inspect ? (
            <aside style={{ width: 420 }}>
              <plugin.Inspector nodeId={inspect} />
            </aside>
          ) : null}
        </div>
      </plugin.Provider>
    </ReactFlowProvider>
  );
}

/** A 500-node canvas (rows of Collect details -> Send SMS pairs), to feel panning and dragging. */
export function largeFlow(count = 500): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [host('start', 'start', 'Start', 0)];
  const edges: Edge[] = [];
  for (let i = 1; i < count; i++) {
    const id = `n${i}`;
    const position = { x: (i % 20) * 300, y: Math.floor(i / 20) * 260 };
    const isSms = i % 2 === 0;
    const consent =
      i % 4 === 0
        ? { mode: 'ask', question: 'May I text you the details?' }
        : { mode: 'not-required', reason: 'The caller asked for the details' };
    nodes.push(
      isSms
        ? {
            id,
            type: 'sendSms',
            position,
            data: { message: { body: `Hi {{caller.first_name}}, message ${i}.` }, consent },
          }
        : host(id, 'collect', `Collect ${i}`, position.x, position.y),
    );
    const source = i === 1 ? 'start' : `n${i - 1}`;
    // Send SMS nodes continue on their Sent branch; host nodes have one unnamed output.
    edges.push({ id: `e${i}`, source, target: id, ...(i > 1 && !isSms ? { sourceHandle: 'sent' } : {}) });
  }
  return { nodes, edges };
}
