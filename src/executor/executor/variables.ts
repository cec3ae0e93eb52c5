import { isEmptyValue } from '../../core/schemas/input-source';

const RESERVED_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || !Object.hasOwn(container, key)) return undefined;
  return Object.getOwnPropertyDescriptor(container, key)?.value;
}

/**
 * The raw value of a variable path in the run's variables: a flat key (`'call.caller_number'`)
 * first, then the nested path. Own data properties only, so `__proto__` and friends never resolve.
 */
export function readVariable(variables: Readonly<Record<string, unknown>>, path: string): unknown {
  const segments = path.split('.');
  if (segments.some((segment) => RESERVED_SEGMENTS.has(segment))) return undefined;
  const flat = ownValue(variables, path);
  if (!isEmptyValue(flat) || segments.length === 1) return flat;
  let current: unknown = variables;
  for (const segment of segments) {
    current = ownValue(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}
