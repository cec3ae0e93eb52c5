import { formatTemplateValue } from './format-value';

/** Path segments that would lead into the object model rather than the caller's data. */
const RESERVED_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** An own data property's value; inherited members and getters are never touched. */
function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  if (!Object.hasOwn(container, key)) return undefined;
  return Object.getOwnPropertyDescriptor(container, key)?.value;
}

/**
 * The formatted value of input `name`: an exact flat key (`values['caller.first_name']`) wins when it
 * holds a usable value, otherwise the dotted path walks nested objects. A name with a reserved segment
 * (`__proto__`, `constructor`, `prototype`) never resolves.
 */
export function resolveTemplateValue(
  values: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined {
  const segments = name.split('.');
  if (segments.some((segment) => RESERVED_SEGMENTS.has(segment))) return undefined;
  const flat = formatTemplateValue(ownValue(values, name));
  if (flat !== undefined || segments.length === 1) return flat;
  let current: unknown = values;
  for (const segment of segments) {
    current = ownValue(current, segment);
    if (current === undefined) return undefined;
  }
  return formatTemplateValue(current);
}
