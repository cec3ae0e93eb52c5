import type { Node } from '@xyflow/react';
import { SEND_SMS_NODE_TYPE } from 'flow-sms/core';

const TYPE_LABELS: Record<string, string> = {
  start: 'Start',
  setVariables: 'Set variables',
  [SEND_SMS_NODE_TYPE]: 'Send SMS',
  end: 'End',
};

/** What a person (and a screen reader) calls a node: its kind, and its own label when it has one. */
export function nodeLabel(node: Pick<Node, 'type' | 'data' | 'id'>): string {
  const kind = TYPE_LABELS[node.type ?? ''] ?? node.type ?? 'Node';
  const own = typeof node.data?.label === 'string' ? node.data.label.trim() : '';
  return own ? `${kind}: ${own}` : kind;
}

/**
 * React Flow names each node's group by its `ariaLabel`; kept on the node in the canvas state,
 * never in the saved file, because it is derived from the type and the data.
 */
export function withAriaLabel<T extends Node>(node: T): T {
  const ariaLabel = nodeLabel(node);
  return node.ariaLabel === ariaLabel ? node : { ...node, ariaLabel };
}

/** "From Send SMS (Sent) to End: Sent": what React Flow reads out for an edge. */
export function edgeLabel(source: string, output: string | null, target: string): string {
  return `From ${source}${output ? ` (${output})` : ''} to ${target}`;
}
