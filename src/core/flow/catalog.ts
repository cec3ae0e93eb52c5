import { z } from 'zod';
import { describeZodIssues, FlowSmsError } from '../errors';
import type { FlowNode } from '../schemas/flow';
import { variablePathSchema } from '../schemas/input-source';
import { SEND_SMS_NODE_TYPE } from '../schemas/send-sms-node';
import { SEND_SMS_OUTPUT_VARIABLES } from './system-variables';

/** A variable a node sets for the steps after it, as the host describes it. */
export const variableDefinitionSchema = z.object({
  path: variablePathSchema,
  label: z.string().optional(),
  description: z.string().optional(),
  /** An example value, shown in previews. */
  sample: z.string().optional(),
  /** The longest value the variable can hold, when known; bounds the rendered message length. */
  maxLength: z.number().int('must be a whole number').min(0, 'must not be negative').optional(),
});
export type VariableDefinition = z.infer<typeof variableDefinitionSchema>;

/**
 * Which variables each node type outputs, keyed by node type. A function reads the node itself, so a
 * node type whose outputs depend on its configuration (a "set variables" node listing names in its
 * data) can say so.
 */
export type VariableCatalog = Record<
  string,
  readonly VariableDefinition[] | ((node: FlowNode) => readonly VariableDefinition[])
>;

const definitionsSchema = z.array(variableDefinitionSchema);

function invalidDefinitions(error: z.ZodError, where: string): FlowSmsError {
  const [first] = describeZodIssues(error);
  const field = first?.field ? `${where}.${first.field}` : where;
  return new FlowSmsError(
    'invalid_catalog',
    `Invalid variable catalog: ${field} ${first?.message ?? 'is invalid'}`,
    field,
    error.issues,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The variables one node outputs: the catalog's, plus the built-in ones of a Send SMS node. */
export type NodeOutputs = (node: FlowNode) => readonly VariableDefinition[];

/**
 * Checks a catalog once and returns the lookup the analysis uses. Lists are validated here; a
 * function's result is validated each time it is called, naming the node it was called for.
 */
export function createNodeOutputs(catalog: unknown): NodeOutputs {
  if (!isPlainObject(catalog)) {
    throw new FlowSmsError(
      'invalid_catalog',
      'Invalid variable catalog: catalog must be an object mapping node types to the variables they set',
      'catalog',
    );
  }
  const lists = new Map<string, readonly VariableDefinition[]>();
  const functions = new Map<string, (node: FlowNode) => unknown>();
  for (const [type, entry] of Object.entries(catalog)) {
    if (typeof entry === 'function') {
      functions.set(type, entry as (node: FlowNode) => unknown);
      continue;
    }
    const parsed = definitionsSchema.safeParse(entry);
    if (!parsed.success) throw invalidDefinitions(parsed.error, `catalog.${type}`);
    lists.set(type, parsed.data);
  }

  const fromCatalog = (node: FlowNode): readonly VariableDefinition[] => {
    const list = lists.get(node.type);
    if (list) return list;
    const compute = functions.get(node.type);
    if (!compute) return [];
    let result: unknown;
    try {
      result = compute(node);
    } catch (error) {
      if (error instanceof FlowSmsError) throw error;
      throw new FlowSmsError(
        'invalid_catalog',
        `Variable catalog entry "${node.type}" failed for node ${node.id}: ${error instanceof Error ? error.message : String(error)}`,
        `catalog.${node.type}`,
      );
    }
    const parsed = definitionsSchema.safeParse(result);
    if (!parsed.success) throw invalidDefinitions(parsed.error, `catalog.${node.type}(${node.id})`);
    return parsed.data;
  };

  return (node) => {
    const listed = fromCatalog(node);
    if (node.type !== SEND_SMS_NODE_TYPE) return listed;
    // The host's own description of a built-in output wins; the rest are added. Either way the
    // node's branches decide where they hold (SEND_SMS_OUTPUT_VARIABLES); other outputs the host
    // lists for the node hold after every branch.
    const missing = SEND_SMS_OUTPUT_VARIABLES.filter(
      (builtIn) => !listed.some((d) => d.path === builtIn.path),
    );
    return missing.length === 0 ? listed : [...listed, ...missing];
  };
}
