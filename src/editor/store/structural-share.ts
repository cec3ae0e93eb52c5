/**
 * Keeps the previous object wherever the new one holds the same data, so React components that
 * select a node's entry re-render only when that node's own result changed.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) => Object.hasOwn(bRecord, key) && sameData((a as Record<string, unknown>)[key], bRecord[key]),
  );
}

/** `next`, except that entries equal to those in `prev` are `prev`'s; `prev` itself when nothing changed. */
export function shareRecord<T>(
  prev: Readonly<Record<string, T>>,
  next: Readonly<Record<string, T>>,
): Record<string, T> {
  const prevKeys = Object.keys(prev);
  const nextKeys = Object.keys(next);
  let changed = prevKeys.length !== nextKeys.length;
  const shared: Record<string, T> = {};
  for (const key of nextKeys) {
    const before = prev[key];
    const after = next[key] as T;
    if (Object.hasOwn(prev, key) && sameData(before, after)) {
      shared[key] = before as T;
    } else {
      shared[key] = after;
      changed = true;
    }
  }
  return changed ? shared : (prev as Record<string, T>);
}
