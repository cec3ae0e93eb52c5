import type { Edge, Node, ReactFlowJsonObject } from '@xyflow/react';
import { type Environment, type FlowFile, flowFileSchema, type SmsTemplate } from 'flow-sms/core';

/**
 * The canvas as the JSON file `flow-sms run` accepts: React Flow's own objects, less what only
 * this session's view needs (selection, measurements, the derived accessible names).
 */
export function toFlowFile(
  canvas: ReactFlowJsonObject<Node, Edge>,
  workspace: { environment: Environment; templates: readonly SmsTemplate[]; senders: FlowFile['senders'] },
): FlowFile {
  return flowFileSchema.parse({
    nodes: canvas.nodes.map(({ selected: _s, dragging: _d, measured: _m, ariaLabel: _a, ...saved }) => saved),
    edges: canvas.edges.map(({ selected: _s, ariaLabel: _a, ...saved }) => saved),
    viewport: canvas.viewport,
    environment: workspace.environment,
    templates: workspace.templates,
    senders: workspace.senders,
  });
}
