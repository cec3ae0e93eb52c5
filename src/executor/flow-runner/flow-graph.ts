import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { type FlowEdge, type FlowFile, flowFileSchema } from '../../core/schemas/flow';
import { parseSendSmsNodeData } from '../../core/schemas/migrate-node-data';
import { SEND_SMS_NODE_TYPE, type SendSmsNodeData } from '../../core/schemas/send-sms-node';
import { checkVariablePath } from './variables';

/** The host node types the reference runner understands; any other type is passed through. */
export const START_NODE_TYPE = 'start';
export const END_NODE_TYPE = 'end';
export const SET_VARIABLES_NODE_TYPE = 'setVariables';

export type RunnableNode =
  | { kind: 'start' | 'end' | 'other'; id: string; type: string }
  | { kind: 'sendSms'; id: string; type: string; data: SendSmsNodeData; rawData: Record<string, unknown> }
  | { kind: 'setVariables'; id: string; type: string; values: Record<string, unknown> };

/** A flow checked once before anything runs, so a bad file never stops a run halfway through. */
export interface RunnableFlow {
  file: FlowFile;
  startId: string;
  nodes: ReadonlyMap<string, RunnableNode>;
  outgoing: ReadonlyMap<string, readonly FlowEdge[]>;
}

/**
 * Validates a flow file for running: the file's shape, exactly one `start` node, unique node ids,
 * edges between existing nodes, valid Send SMS and Set variables data. Errors name the field to
 * fix as a path into the file (`nodes.2.data.consent.question`).
 */
export function prepareFlow(input: unknown): RunnableFlow {
  const file = parseOrThrow(flowFileSchema, input, 'flow file');
  const nodes = new Map<string, RunnableNode>();
  file.nodes.forEach((node, index) => {
    if (nodes.has(node.id)) {
      throw new FlowSmsError(
        'invalid_flow',
        `nodes.${index}.id "${node.id}" is used by two nodes; give each node its own id`,
        `nodes.${index}.id`,
      );
    }
    nodes.set(node.id, toRunnable(node.id, node.type, node.data, index));
  });

  const starts = file.nodes.filter((node) => node.type === START_NODE_TYPE);
  if (starts.length !== 1) {
    throw new FlowSmsError(
      'invalid_flow',
      starts.length === 0
        ? `nodes: the flow has no node of type "${START_NODE_TYPE}"; add one where the run begins`
        : `nodes: the flow has ${starts.length} nodes of type "${START_NODE_TYPE}" (${starts.map((n) => n.id).join(', ')}); keep exactly one`,
      'nodes',
    );
  }

  const outgoing = new Map<string, FlowEdge[]>();
  file.edges.forEach((edge, index) => {
    for (const end of ['source', 'target'] as const) {
      if (!nodes.has(edge[end])) {
        throw new FlowSmsError(
          'invalid_flow',
          `edges.${index}.${end} "${edge[end]}" is not the id of any node; reconnect or delete edge "${edge.id}"`,
          `edges.${index}.${end}`,
        );
      }
    }
    const list = outgoing.get(edge.source) ?? [];
    list.push(edge);
    outgoing.set(edge.source, list);
  });

  return { file, startId: (starts[0] as { id: string }).id, nodes, outgoing };
}

function toRunnable(id: string, type: string, data: Record<string, unknown>, index: number): RunnableNode {
  if (type === START_NODE_TYPE) return { kind: 'start', id, type };
  if (type === END_NODE_TYPE) return { kind: 'end', id, type };
  if (type === SEND_SMS_NODE_TYPE) {
    try {
      return { kind: 'sendSms', id, type, data: parseSendSmsNodeData(data), rawData: data };
    } catch (error) {
      if (!(error instanceof FlowSmsError)) throw error;
      const field = error.field ? `nodes.${index}.data.${error.field}` : `nodes.${index}.data`;
      throw new FlowSmsError(
        error.code,
        `${field} (Send SMS node "${id}"): ${error.message}`,
        field,
        error.details,
      );
    }
  }
  if (type === SET_VARIABLES_NODE_TYPE)
    return { kind: 'setVariables', id, type, values: readValues(id, data, index) };
  return { kind: 'other', id, type };
}

function readValues(id: string, data: Record<string, unknown>, index: number): Record<string, unknown> {
  const field = `nodes.${index}.data.values`;
  const values = data.values ?? {};
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new FlowSmsError(
      'invalid_flow',
      `${field} (Set variables node "${id}") must be an object of name: value pairs`,
      field,
    );
  }
  for (const name of Object.keys(values)) {
    checkVariablePath(name, `${field}.${name}`, `${field}.${name} (Set variables node "${id}")`);
  }
  return values as Record<string, unknown>;
}
