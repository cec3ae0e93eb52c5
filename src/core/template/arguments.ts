import { FlowSmsError } from '../errors';

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function requireBody(body: unknown, field = 'body'): string {
  if (typeof body !== 'string') {
    throw new FlowSmsError(
      'invalid_input',
      `${field} must be a string (the template text), got ${describe(body)}.`,
      field,
    );
  }
  return body;
}

/** Template values: a plain object (from any realm, or with a null prototype), never an array, Map or class. */
export function requireValues(values: unknown): Readonly<Record<string, unknown>> {
  if (typeof values === 'object' && values !== null && !Array.isArray(values)) {
    const proto: unknown = Object.getPrototypeOf(values);
    if (proto === null || Object.getPrototypeOf(proto) === null) return values as Record<string, unknown>;
  }
  throw new FlowSmsError(
    'invalid_input',
    `values must be a plain object mapping input names to values (like { first_name: 'Ada' }), got ${describe(values)}.`,
    'values',
  );
}
