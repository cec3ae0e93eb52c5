import { SYSTEM_VARIABLES, type UpstreamVariable } from '../../core/flow';

/** Variables as a picker shows them: one group per source node, system fields last. */
export interface VariableGroup {
  key: string;
  title: string;
  variables: UpstreamVariable[];
}

const SYSTEM_GROUP_KEY = 'system';

/**
 * The variables a builder can pick: the upstream ones plus the system fields, each path once.
 * The host's catalog may already list the system fields; the upstream entry then wins.
 */
export function withSystemVariables(variables: readonly UpstreamVariable[]): UpstreamVariable[] {
  const byPath = new Map<string, UpstreamVariable>();
  for (const variable of variables) if (!byPath.has(variable.path)) byPath.set(variable.path, variable);
  for (const definition of SYSTEM_VARIABLES) {
    if (byPath.has(definition.path)) continue;
    byPath.set(definition.path, {
      path: definition.path,
      ...(definition.label ? { label: definition.label } : {}),
      ...(definition.sample ? { sample: definition.sample } : {}),
      sourceNodeIds: [],
      availability: 'always',
      system: true,
    });
  }
  return [...byPath.values()];
}

function groupKey(variable: UpstreamVariable): string {
  if (variable.system) return SYSTEM_GROUP_KEY;
  return variable.sourceNodeIds.length > 0 ? variable.sourceNodeIds.join(', ') : 'unknown';
}

function groupTitle(key: string, nodeLabels: Readonly<Record<string, string>>): string {
  if (key === SYSTEM_GROUP_KEY) return 'System fields';
  if (key === 'unknown') return 'Other variables';
  const names = key.split(', ').map((id) => nodeLabels[id] ?? id);
  return `From ${names.join(', ')}`;
}

/** Groups in order of first appearance (the catalog's order), system fields always last. */
export function groupVariables(
  variables: readonly UpstreamVariable[],
  nodeLabels: Readonly<Record<string, string>> = {},
): VariableGroup[] {
  const groups = new Map<string, VariableGroup>();
  for (const variable of variables) {
    const key = groupKey(variable);
    let group = groups.get(key);
    if (!group) {
      group = { key, title: groupTitle(key, nodeLabels), variables: [] };
      groups.set(key, group);
    }
    group.variables.push(variable);
  }
  const system = groups.get(SYSTEM_GROUP_KEY);
  groups.delete(SYSTEM_GROUP_KEY);
  return system ? [...groups.values(), system] : [...groups.values()];
}

/** True when some path from the start reaches this node without setting the variable. */
export function isPartial(variable: UpstreamVariable): boolean {
  return variable.availability === 'some-paths';
}

export const PARTIAL_NOTE = 'set only on some paths';

/** One line naming a variable for a picker option: path, its label, and the caveat if any. */
export function describeVariable(variable: UpstreamVariable): string {
  const parts = [variable.path];
  if (variable.label && variable.label !== variable.path) parts.push(variable.label);
  if (isPartial(variable)) parts.push(PARTIAL_NOTE);
  return parts.join(' · ');
}

export function findVariable(
  variables: readonly UpstreamVariable[],
  path: string,
): UpstreamVariable | undefined {
  return variables.find((variable) => variable.path === path);
}
