import { formatTemplateValue } from './format-value';
import type { TokenStep } from './program';

/**
 * An own data property's value. Reading the descriptor rather than the property means a getter is
 * never invoked and nothing inherited is ever seen; anything that is not an object has no properties.
 */
function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  return descriptor === undefined ? undefined : descriptor.value;
}

/** formatTemplateValue with the common case (a non-empty string) answered without a call. */
function formatted(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return value === undefined ? undefined : formatTemplateValue(value);
}

/**
 * The formatted value of a token's input: an exact flat key (`values['caller.first_name']`) wins when it
 * holds a usable value, otherwise the dotted path walks nested objects. A token whose name has a reserved
 * segment never resolves.
 */
export function resolveToken(
  values: Readonly<Record<string, unknown>>,
  token: TokenStep,
): string | undefined {
  const path = token.path;
  if (path === null) return undefined;
  const flat = formatted(ownValue(values, token.name));
  if (flat !== undefined || path.length === 1) return flat;
  let current: unknown = values;
  for (let i = 0; i < path.length; i++) {
    current = ownValue(current, path[i] as string);
    if (current === undefined) return undefined;
  }
  return formatted(current);
}
