import { render } from '@testing-library/react';
import {
  type Edge,
  type Node,
  ReactFlow,
  type ReactFlowInstance,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import type { ReactNode } from 'react';
import type { SendSmsNodeDataInput, SmsTemplate, VariableCatalog } from '../../src/core';
import { memoryTemplateStorage } from '../../src/editor';
import { createSendSmsPlugin, type SendSmsPluginOptions } from '../../src/plugin';

export const LIVE_SENDER = '+14155550100';
export const SANDBOX_SENDER = '+15005550006';

export const catalog: VariableCatalog = {
  start: [],
  lookup: [
    { path: 'customer.first_name', label: 'First name', sample: 'Ada' },
    { path: 'booking.date', label: 'Booking date', sample: '12 May' },
  ],
};

export const bookingTemplate: SmsTemplate = {
  id: 'booking',
  title: 'Booking confirmed',
  body: 'Hi {{customer.first_name}}, your booking on {{booking.date}} is confirmed.',
  senders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
};

export function smsNode(id: string, data: SendSmsNodeDataInput | Record<string, unknown>, x = 400): Node {
  return { id, type: 'sendSms', position: { x, y: 0 }, data: data as Record<string, unknown> };
}

/** start -> lookup -> sms, the smallest flow where the node has upstream variables. */
export function flowAround(sms: Node, extraEdges: Edge[] = []): { nodes: Node[]; edges: Edge[] } {
  return {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'lookup', type: 'lookup', position: { x: 200, y: 0 }, data: { label: 'CRM lookup' } },
      sms,
    ],
    edges: [
      { id: 'e-start', source: 'start', target: 'lookup' },
      { id: 'e-lookup', source: 'lookup', target: sms.id },
      ...extraEdges,
    ],
  };
}

/** Captures React Flow's instance so tests can read and change the graph as a host would. */
function InstanceProbe({ onInstance }: { onInstance: (instance: ReactFlowInstance) => void }) {
  onInstance(useReactFlow());
  return null;
}

export interface CanvasOptions {
  nodes: Node[];
  edges?: Edge[];
  templates?: SmsTemplate[];
  plugin?: Partial<SendSmsPluginOptions>;
  /** Renders the plugin's inspector for this node next to the canvas. */
  inspect?: string;
  children?: ReactNode;
}

export function renderCanvas({
  nodes,
  edges = [],
  templates = [bookingTemplate],
  plugin: extra,
  inspect,
  children,
}: CanvasOptions) {
  const plugin = createSendSmsPlugin({
    catalog,
    environment: 'sandbox',
    defaultSenders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
    templateStorage: memoryTemplateStorage(templates),
    ...extra,
  });
  const ref: { current: ReactFlowInstance | undefined } = { current: undefined };
  const nodeTypes = { ...plugin.nodeTypes };
  const result = render(
    <ReactFlowProvider>
      <plugin.Provider>
        <div style={{ width: 1000, height: 600 }}>
          <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} />
        </div>
        {inspect ? <plugin.Inspector nodeId={inspect} /> : null}
        <InstanceProbe onInstance={(instance) => (ref.current = instance)} />
        {children}
      </plugin.Provider>
    </ReactFlowProvider>,
  );
  const flow = () => {
    if (!ref.current) throw new Error('React Flow instance not captured yet');
    return ref.current;
  };
  return { ...result, plugin, flow };
}

/** The source handle ids React Flow rendered for a node. */
export function sourceHandleIds(container: HTMLElement, nodeId: string): string[] {
  const node = container.querySelector(`.react-flow__node[data-id="${nodeId}"]`);
  if (!node) throw new Error(`node ${nodeId} is not on the canvas`);
  return [...node.querySelectorAll('.react-flow__handle.source')].map(
    (h) => h.getAttribute('data-handleid') ?? '',
  );
}
