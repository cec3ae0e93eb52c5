import { FlowSmsError } from '../../core/errors';
import { isVariablePath } from '../../core/names';

export type FlowVariables = Record<string, unknown>;

const RESERVED_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A deep copy of the host's variables the run may change freely, so a run never mutates the
 * object it was given (the playground reuses it for the next run).
 */
export function cloneVariables(variables: FlowVariables): FlowVariables {
  return structuredClone(variables);
}

/** Returns `path` when it can name a variable; otherwise throws, naming `field` (`label` in the message). */
export function checkVariablePath(path: string, field: string, label = field): string {
  if (!isVariablePath(path)) {
    throw new FlowSmsError(
      'invalid_input',
      `${label}: "${path}" is not a variable path; use letters, digits and _ joined by dots, such as caller.first_name`,
      field,
    );
  }
  if (path.split('.').some((segment) => RESERVED_SEGMENTS.has(segment))) {
    throw new FlowSmsError(
      'invalid_input',
      `${label}: "${path}" uses a reserved name; rename the variable`,
      field,
    );
  }
  return path;
}

/**
 * Sets `path` (`caller.first_name`) in a nested variables object, creating the objects on the way.
 * A segment that already holds a non-object value is replaced: the newest assignment wins, as it
 * would in the host's own flow engine.
 */
export function setVariable(variables: FlowVariables, path: string, value: unknown, field = 'path'): void {
  const segments = checkVariablePath(path, field).split('.');
  let container = variables;
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(container, segment) ? container[segment] : undefined;
    if (isPlainRecord(next)) {
      container = next;
    } else {
      const created: Record<string, unknown> = {};
      container[segment] = created;
      container = created;
    }
  }
  container[segments.at(-1) as string] = value;
}

/** Removes the variable at `path`, if there is one; the objects around it stay. */
export function deleteVariable(variables: FlowVariables, path: string): void {
  const segments = path.split('.');
  const name = segments.pop() as string;
  const container = segments.length === 0 ? variables : getVariable(variables, segments.join('.'));
  if (isPlainRecord(container)) delete container[name];
}

/** The value at `path`, reading own properties only. */
export function getVariable(variables: FlowVariables, path: string): unknown {
  let current: unknown = variables;
  for (const segment of path.split('.')) {
    if (!isPlainRecord(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}
