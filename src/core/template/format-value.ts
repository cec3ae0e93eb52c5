/** Separator between the items of a list value: `['Mon', 'Tue']` renders as `Mon, Tue`. */
export const TEMPLATE_LIST_SEPARATOR = ', ';

function formatScalar(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value === '' ? undefined : value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    case 'object':
      if (value instanceof Date) {
        // Prototype methods, so a Date subclass or an own override cannot change the output.
        return Number.isNaN(Date.prototype.getTime.call(value))
          ? undefined
          : Date.prototype.toISOString.call(value);
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * How a value appears in a rendered message, or `undefined` when it counts as missing (so a fallback
 * or the `onMissing` rule applies). Strings as they are (the empty string is missing); finite numbers
 * via `String`; booleans as `true`/`false`; bigints; valid Dates as ISO 8601; lists whose every item is
 * one of those, joined by `, `. Everything else (null, undefined, NaN, Infinity, invalid Dates, empty
 * lists, nested lists, objects, functions, symbols) is missing: a message never says `[object Object]`.
 */
export function formatTemplateValue(value: unknown): string | undefined {
  if (!Array.isArray(value)) return formatScalar(value);
  if (value.length === 0) return undefined;
  const items: string[] = [];
  // Stops at the first unusable item, so a sparse list with a huge length cannot stall the render.
  for (let i = 0; i < value.length; i++) {
    const item = formatScalar(value[i]);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return items.join(TEMPLATE_LIST_SEPARATOR);
}
