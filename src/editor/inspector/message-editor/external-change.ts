import { Annotation, type ChangeSpec, type Text } from '@codemirror/state';

/** Marks a transaction that mirrors the `value` prop, so it is not echoed back through onChange. */
export const fromProps = Annotation.define<boolean>();

/**
 * The smallest single replacement turning `doc` into `next`. Dispatching only the changed middle
 * lets CodeMirror map the caret through it, so a parent update never throws the caret to the end.
 */
export function minimalChange(doc: Text, next: string): ChangeSpec | null {
  const current = doc.toString();
  if (current === next) return null;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endCurrent = current.length;
  let endNext = next.length;
  while (
    endCurrent > start &&
    endNext > start &&
    current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)
  ) {
    endCurrent--;
    endNext--;
  }
  return { from: start, to: endCurrent, insert: next.slice(start, endNext) };
}
