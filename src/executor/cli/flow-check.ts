import type { Environment } from '../../core/environments';
import { type FlowDiagnostic, type VariableDefinition, validateFlow } from '../../core/flow';
import { isVariablePath } from '../../core/names';
import type { FlowNode } from '../../core/schemas/flow';
import { type RunnableFlow, SET_VARIABLES_NODE_TYPE, START_NODE_TYPE } from '../flow-runner';
import { CliError } from './io';

/**
 * Runs core's `validateFlow` the way this run will see the flow: the variables file is what the
 * start node provides, and each Set variables node provides its names. Errors (a node that cannot
 * send as configured) stop the run before anything is sent; warnings are returned to be shown.
 */
export function checkFlowBeforeRun(
  flow: RunnableFlow,
  flowPath: string,
  variables: Record<string, unknown>,
  environment: Environment,
): FlowDiagnostic[] {
  const diagnostics = validateFlow(flow.file, {
    catalog: {
      [START_NODE_TYPE]: variablePaths(variables).map((path) => ({ path })),
      [SET_VARIABLES_NODE_TYPE]: (node: FlowNode): VariableDefinition[] =>
        Object.keys((node.data.values as Record<string, unknown> | undefined) ?? {})
          .filter(isVariablePath)
          .map((path) => ({ path })),
    },
    templates: flow.file.templates,
    environment,
    senders: flow.file.senders,
    startNodeType: START_NODE_TYPE,
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((d) => `  ${describe(flow, d)}`);
    const unset = errors.some((d) => d.code === 'input-variable-unset' || d.code === 'recipient-unavailable');
    const hint = unset
      ? '\nVariables a run starts with come from --vars FILE (a JSON object), and --caller NUMBER.'
      : '';
    throw new CliError(`${flowPath} cannot run in ${environment} as it is:\n${lines.join('\n')}${hint}`);
  }
  return diagnostics;
}

/** `nodes.2.data.inputs.clinic_name (node "confirm"): message`, the field as a path into the file. */
export function describe(flow: RunnableFlow, diagnostic: FlowDiagnostic): string {
  const index = flow.file.nodes.findIndex((node) => node.id === diagnostic.nodeId);
  const where =
    index < 0 ? '' : diagnostic.field ? `nodes.${index}.data.${diagnostic.field} ` : `nodes.${index} `;
  return `${where}(node "${diagnostic.nodeId}"): ${diagnostic.message}`;
}

/** Every dotted path the variables object provides, objects included (`appointment`, `appointment.date`). */
function variablePaths(variables: Record<string, unknown>, prefix = '', depth = 0): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(variables)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!isVariablePath(path)) continue;
    paths.push(path);
    if (depth < 8 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      paths.push(...variablePaths(value as Record<string, unknown>, path, depth + 1));
    }
  }
  return paths;
}
