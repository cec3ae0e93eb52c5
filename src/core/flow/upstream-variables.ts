import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../errors';
import { SEND_SMS_NODE_TYPE } from '../schemas/send-sms-node';
import { type Availability, type AvailabilityTable, computeAvailability } from './availability';
import { createNodeOutputs, type VariableCatalog, type VariableDefinition } from './catalog';
import { ancestorsOf, type FlowGraphInput, type FlowIndex, findStarts, indexFlow } from './graph-index';
import { SYSTEM_VARIABLES } from './system-variables';

export type { Availability } from './availability';

/** A variable a node can use, and where it comes from. */
export interface UpstreamVariable extends VariableDefinition {
  /** The nodes upstream that set it, in flow order (empty for a system variable nobody sets). */
  sourceNodeIds: string[];
  availability: Availability;
  /** Set for variables every flow has (`call.*`, `now.*`). */
  system?: true;
}

export const flowAnalysisOptionsSchema = z.object({
  /** The node type that begins a flow; without any such node, nodes with no incoming edge begin it. */
  startNodeType: z.string().min(1, 'must name a node type').default('start'),
});
export type FlowAnalysisOptions = z.input<typeof flowAnalysisOptionsSchema>;

const SYSTEM_BY_PATH = new Map(SYSTEM_VARIABLES.map((definition) => [definition.path, definition]));

/** A validated flow and catalog, shared by every question asked about them. */
export interface PreparedFlow {
  index: FlowIndex;
  outputsOf: (node: number) => readonly VariableDefinition[];
  starts: number[];
}

export function prepareFlow(flow: unknown, catalog: unknown, options: unknown): PreparedFlow {
  const index = indexFlow(flow);
  const nodeOutputs = createNodeOutputs(catalog);
  const { startNodeType } = parseOrThrow(flowAnalysisOptionsSchema, options ?? {}, 'options');
  const cache: (readonly VariableDefinition[] | undefined)[] = new Array(index.nodes.length);
  const outputsOf = (node: number) => {
    let outputs = cache[node];
    if (!outputs) {
      outputs = nodeOutputs(index.nodes[node]!);
      cache[node] = outputs;
    }
    return outputs;
  };
  return { index, outputsOf, starts: findStarts(index, startNodeType) };
}

function nodeNumber(index: FlowIndex, nodeId: unknown): number {
  if (typeof nodeId !== 'string') {
    throw new FlowSmsError('invalid_input', `nodeId must be a string (got ${typeof nodeId})`, 'nodeId');
  }
  const node = index.indexOf.get(nodeId);
  if (node === undefined) {
    throw new FlowSmsError(
      'unknown_node',
      `nodeId "${nodeId}" is not the id of a node in this flow`,
      'nodeId',
    );
  }
  return node;
}

/** Collects definitions of one path from several nodes into one description. */
class VariableEntry {
  readonly variable: UpstreamVariable;
  private bounded: boolean;
  constructor(definition: VariableDefinition, availability: Availability, system: boolean) {
    const { path, label, description, sample, maxLength } = definition;
    this.variable = { path, label, description, sample, maxLength, sourceNodeIds: [], availability };
    if (system) this.variable.system = true;
    this.bounded = maxLength !== undefined;
  }
  add(definition: VariableDefinition, nodeId?: string): void {
    const v = this.variable;
    if (nodeId !== undefined && v.sourceNodeIds.at(-1) !== nodeId) v.sourceNodeIds.push(nodeId);
    v.label ??= definition.label;
    v.description ??= definition.description;
    v.sample ??= definition.sample;
    // A length bound holds only if every node that may set the variable declares one.
    this.bounded &&= definition.maxLength !== undefined;
    v.maxLength = this.bounded ? Math.max(v.maxLength ?? 0, definition.maxLength ?? 0) : undefined;
  }
}

const OPTIONAL_FIELDS = ['label', 'description', 'sample', 'maxLength'] as const;

/** Removes keys whose value is undefined, so results compare and print cleanly. */
function compact<T extends VariableDefinition>(variable: T): T {
  for (const key of OPTIONAL_FIELDS) {
    if (variable[key] === undefined) delete variable[key];
  }
  return variable;
}

function variablesAtNode(prepared: PreparedFlow, target: number): UpstreamVariable[] {
  const { index, outputsOf } = prepared;
  const ancestors = ancestorsOf(index, target);
  const inScope = new Uint8Array(index.nodes.length);
  for (const node of ancestors) inScope[node] = 1;
  const onCycle = inScope[target] === 1;
  const scope = onCycle ? ancestors : [...ancestors, target];
  inScope[target] = 1;
  const table = computeAvailability(
    index,
    outputsOf,
    scope,
    prepared.starts.filter((s) => inScope[s]),
  );

  const entries = new Map<string, VariableEntry>();
  for (const system of SYSTEM_VARIABLES) entries.set(system.path, new VariableEntry(system, 'always', true));
  // Flow order, so the list reads in the order the builder laid the nodes out.
  for (let node = 0; node < index.nodes.length; node++) {
    if (!inScope[node] || (node === target && !onCycle)) continue;
    if (table.reachable[node] !== table.reachable[target]) continue;
    const nodeId = index.nodes[node]!.id;
    for (const definition of outputsOf(node)) {
      let entry = entries.get(definition.path);
      if (!entry) {
        const availability = table.at(target, table.variableIds.get(definition.path)!);
        if (!availability) continue;
        entry = new VariableEntry(definition, availability, false);
        entries.set(definition.path, entry);
      }
      entry.add(definition, nodeId);
    }
  }
  return [...entries.values()].map((entry) => compact(entry.variable));
}

/**
 * The variables available at a node: system variables, and every variable a node upstream sets,
 * marked `always` when every path from a start sets it before the node, `some-paths` otherwise.
 * A node no start reaches sees its own ancestors' variables, all `some-paths`.
 */
export function upstreamVariables(
  flow: FlowGraphInput,
  nodeId: string,
  catalog: VariableCatalog,
  options?: FlowAnalysisOptions,
): UpstreamVariable[] {
  const prepared = prepareFlow(flow, catalog, options);
  return variablesAtNode(prepared, nodeNumber(prepared.index, nodeId));
}

/** Answers about every node of a flow, from one analysis of the whole flow. */
export interface FlowAnalysis {
  /** Ids of the Send SMS nodes, in flow order. */
  readonly sendSmsNodeIds: readonly string[];
  /** Whether a path from a start reaches the node (if not, it never runs). */
  isReachable(nodeId: string): boolean;
  /**
   * Whether `path` has a value when the node runs. A variable also counts as set when a dotted
   * prefix of it is (a node that sets `crm.contact` provides `crm.contact.first_name`).
   */
  availability(nodeId: string, path: string): Availability | undefined;
  /** What the flow says about a variable: labels and samples, and a length bound only if every node that sets it declares one. */
  definitionOf(path: string): VariableDefinition | undefined;
  /** The same list `upstreamVariables` returns for the node; computed when first asked. */
  variablesAt(nodeId: string): UpstreamVariable[];
}

/**
 * Analyses a whole flow at once (what the editor does on every change): availability at every
 * node, in time linear in the flow's size. Lists with their source nodes are built on demand.
 */
export function analyzeFlow(
  flow: FlowGraphInput,
  catalog: VariableCatalog,
  options?: FlowAnalysisOptions,
): FlowAnalysis {
  return analyzePreparedFlow(prepareFlow(flow, catalog, options));
}

/** `analyzeFlow` for a flow already validated and indexed (validateFlow also needs the index). */
export function analyzePreparedFlow(prepared: PreparedFlow): FlowAnalysis {
  const { index, outputsOf } = prepared;
  const everyNode = Array.from(index.nodes, (_, node) => node);
  const table: AvailabilityTable = computeAvailability(index, outputsOf, everyNode, prepared.starts);

  let definitions: Map<string, VariableEntry> | undefined;
  const definitionOf = (path: string): VariableDefinition | undefined => {
    if (!definitions) {
      definitions = new Map();
      for (const system of SYSTEM_VARIABLES)
        definitions.set(system.path, new VariableEntry(system, 'always', true));
      for (let node = 0; node < index.nodes.length; node++) {
        for (const definition of outputsOf(node)) {
          const entry = definitions.get(definition.path);
          if (entry) entry.add(definition);
          else definitions.set(definition.path, new VariableEntry(definition, 'always', false));
        }
      }
    }
    const entry = definitions.get(path);
    if (!entry) return undefined;
    const { path: p, label, description, sample, maxLength } = entry.variable;
    return compact<VariableDefinition>({ path: p, label, description, sample, maxLength });
  };

  const lists = new Map<number, UpstreamVariable[]>();
  return {
    sendSmsNodeIds: index.nodes.filter((node) => node.type === SEND_SMS_NODE_TYPE).map((node) => node.id),
    isReachable: (nodeId) => table.reachable[nodeNumber(index, nodeId)] === 1,
    availability(nodeId, path) {
      const node = nodeNumber(index, nodeId);
      if (typeof path !== 'string') {
        throw new FlowSmsError('invalid_input', `path must be a string (got ${typeof path})`, 'path');
      }
      let best: Availability | undefined;
      let prefix = '';
      for (const segment of path.split('.')) {
        prefix = prefix ? `${prefix}.${segment}` : segment;
        if (SYSTEM_BY_PATH.has(prefix)) return 'always';
        const id = table.variableIds.get(prefix);
        const found = id === undefined ? undefined : table.at(node, id);
        if (found === 'always') return found;
        best ??= found;
      }
      return best;
    },
    definitionOf,
    variablesAt(nodeId) {
      const node = nodeNumber(index, nodeId);
      let list = lists.get(node);
      if (!list) {
        list = variablesAtNode(prepared, node);
        lists.set(node, list);
      }
      return list.map((variable) => ({ ...variable, sourceNodeIds: [...variable.sourceNodeIds] }));
    },
  };
}
