import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../errors';
import { SEND_SMS_NODE_TYPE } from '../schemas/send-sms-node';
import { type Availability, type AvailabilityOracle, createAvailabilityOracle } from './availability';
import { createNodeOutputs, type VariableCatalog, type VariableDefinition } from './catalog';
import {
  ancestorsOf,
  type FlowGraphInput,
  type FlowIndex,
  findStarts,
  indexFlow,
  SENT_BRANCH,
} from './graph-index';
import { isSendSmsOutput, SYSTEM_VARIABLES } from './system-variables';
import { createVariableAvailability, NAMES_SOLVED_AT_ONCE } from './variable-availability';

export type { Availability } from './availability';

/** A variable a node can use, and where it comes from. */
export interface UpstreamVariable extends VariableDefinition {
  /**
   * The nodes upstream that set it, in flow order (empty for a system variable nobody sets); for
   * sms.*, the Send SMS nodes whose sent branch leads here.
   */
  sourceNodeIds: string[];
  availability: Availability;
  /** Set for variables every flow has (`call.*`, `now.*`). */
  system?: true;
}

export const flowAnalysisOptionsSchema = z.object({
  /**
   * The node type that begins a flow; without any such node, nodes with no incoming edge begin it
   * (and where a loop leads back to the beginning, the loop's first node, which nothing else leads into).
   */
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

/**
 * Nodes that set each path, in flow order, among those `include` accepts. A Send SMS node is not
 * among the setters of its own outputs (sms.*): its branches set and clear those, which the
 * index's `succBranch` records, but the path gets an entry so the analysis knows of it.
 */
function collectSetters(prepared: PreparedFlow, include: (node: number) => boolean): Map<string, number[]> {
  const { index, outputsOf } = prepared;
  const setters = new Map<string, number[]>();
  for (let node = 0; node < index.nodes.length; node++) {
    if (!include(node)) continue;
    const sendsSms = index.nodes[node]!.type === SEND_SMS_NODE_TYPE;
    for (const { path } of outputsOf(node)) {
      let list = setters.get(path);
      if (!list) {
        list = [];
        setters.set(path, list);
      }
      if (sendsSms && isSendSmsOutput(path)) continue;
      if (list.at(-1) !== node) list.push(node);
    }
  }
  return setters;
}

/**
 * Availability at `target` of each path `setters` lists. Up to 128 names, all of them are solved
 * at once (a few words of bit set per node). Beyond, one MUST question per name, answered from that
 * name's setters among the ancestors (availability.ts), each of which reaches the node, so MAY
 * holds; the Send SMS outputs, which branches clear, are solved together.
 */
function availabilityAt(
  oracle: AvailabilityOracle,
  target: number,
  setters: ReadonlyMap<string, readonly number[]>,
): (path: string) => Availability | undefined {
  const solveAll = (paths: readonly string[]) => {
    const solved = oracle.solve(
      paths.map((path) => setters.get(path)!),
      paths.map(isSendSmsOutput),
    );
    const position = new Map(paths.map((path, k) => [path, k]));
    return (path: string) => solved.at(target, position.get(path)!);
  };
  if (setters.size <= NAMES_SOLVED_AT_ONCE) return solveAll([...setters.keys()]);
  let onBranches: ((path: string) => Availability | undefined) | undefined;
  return (path) => {
    if (isSendSmsOutput(path)) {
      onBranches ??= solveAll([...setters.keys()].filter(isSendSmsOutput));
      return onBranches(path);
    }
    return oracle.always(target, setters.get(path)!) ? 'always' : 'some-paths';
  };
}

/**
 * The list for one node: one walk up its ancestors (O(ancestors + their edges and outputs)), then
 * whether each distinct variable they set is there on every path (availabilityAt): in flows made
 * of blocks a block or two per name beyond the first 128. The worst case, every name set only
 * inside regions that span the flow, costs ancestors x names.
 */
function variablesAtNode(
  prepared: PreparedFlow,
  oracle: AvailabilityOracle,
  target: number,
): UpstreamVariable[] {
  const { index, outputsOf } = prepared;
  const { reachable } = oracle;
  // Ancestors include the node itself only when it is on a loop, which is when its outputs reach it.
  const counted = new Uint8Array(index.nodes.length);
  for (const node of ancestorsOf(index, target)) {
    if (reachable[node] === reachable[target]) counted[node] = 1;
  }
  const known = new Map<string, Availability | undefined>();
  const computed = availabilityAt(
    oracle,
    target,
    collectSetters(prepared, (node) => counted[node] === 1),
  );
  const availabilityOf = (path: string) => {
    if (!known.has(path)) known.set(path, computed(path));
    return known.get(path);
  };
  /** Whether a Send SMS node's sent branch leads here, so its message may be the one seen. */
  const sendsHere = (node: number) => {
    for (let e = index.succStart[node]!; e < index.succStart[node + 1]!; e++) {
      const next = index.succ[e]!;
      if (index.succBranch[e] === SENT_BRANCH && (next === target || counted[next])) return true;
    }
    return false;
  };

  const entries = new Map<string, VariableEntry>();
  for (const system of SYSTEM_VARIABLES) entries.set(system.path, new VariableEntry(system, 'always', true));
  // Flow order, so the list reads in the order the builder laid the nodes out.
  for (let node = 0; node < index.nodes.length; node++) {
    if (!counted[node]) continue;
    const { id: nodeId, type } = index.nodes[node]!;
    for (const definition of outputsOf(node)) {
      if (type === SEND_SMS_NODE_TYPE && isSendSmsOutput(definition.path) && !sendsHere(node)) continue;
      let entry = entries.get(definition.path);
      if (!entry) {
        // Undefined for a Send SMS output that every way here clears.
        const availability = availabilityOf(definition.path);
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
 * A node no start reaches sees its own ancestors' variables, all `some-paths`. A Send SMS node's
 * sms.* are set along its sent branch and cleared along the others (SEND_SMS_OUTPUT_VARIABLES).
 */
export function upstreamVariables(
  flow: FlowGraphInput,
  nodeId: string,
  catalog: VariableCatalog,
  options?: FlowAnalysisOptions,
): UpstreamVariable[] {
  const prepared = prepareFlow(flow, catalog, options);
  const target = nodeNumber(prepared.index, nodeId);
  return variablesAtNode(prepared, createAvailabilityOracle(prepared.index, prepared.starts), target);
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

/**
 * `analyzeFlow` for a flow already validated and indexed (validateFlow also needs the index).
 *
 * Nothing is computed per (node, variable) up front: that table has nodes x names entries, which
 * grows as the square of a flow whose parts bring names of their own. Questions are answered as
 * they come (variable-availability.ts decides how: all names at once when they are few, else one
 * question at a time, solving a variable for every node once it is asked about often enough).
 */
export function analyzePreparedFlow(prepared: PreparedFlow): FlowAnalysis {
  const { index, outputsOf } = prepared;
  const oracle = createAvailabilityOracle(index, prepared.starts);
  // Every node's outputs, read now so a catalog entry that fails does so here, whatever is asked later.
  const settersOf = collectSetters(prepared, () => true);
  const variables = createVariableAvailability(
    oracle,
    settersOf,
    index.nodes.length + index.edges.length,
    isSendSmsOutput,
  );

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
    isReachable: (nodeId) => oracle.reachable[nodeNumber(index, nodeId)] === 1,
    availability(nodeId, path) {
      const node = nodeNumber(index, nodeId);
      if (typeof path !== 'string') {
        throw new FlowSmsError('invalid_input', `path must be a string (got ${typeof path})`, 'path');
      }
      let best: Availability | undefined;
      let prefix = '';
      // Setters of every prefix together: `crm` set on one path and `crm.contact` on the other still
      // give `crm.contact.first_name` on every path, though neither prefix alone is always set.
      const anyPrefixSetters: number[] = [];
      let prefixesSet = 0;
      for (const segment of path.split('.')) {
        prefix = prefix ? `${prefix}.${segment}` : segment;
        if (SYSTEM_BY_PATH.has(prefix)) return 'always';
        const found = variables.at(node, prefix);
        if (found === 'always') return found;
        best ??= found;
        const setters = settersOf.get(prefix);
        if (found && setters && !isSendSmsOutput(prefix)) {
          anyPrefixSetters.push(...setters);
          prefixesSet++;
        }
      }
      if (prefixesSet > 1 && oracle.always(node, anyPrefixSetters)) return 'always';
      return best;
    },
    definitionOf,
    variablesAt(nodeId) {
      const node = nodeNumber(index, nodeId);
      let list = lists.get(node);
      if (!list) {
        list = variablesAtNode(prepared, oracle, node);
        lists.set(node, list);
      }
      return list.map((variable) => ({ ...variable, sourceNodeIds: [...variable.sourceNodeIds] }));
    },
  };
}
