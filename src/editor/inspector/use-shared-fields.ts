import { useRef } from 'react';
import { sameData } from '../store/structural-share';

/**
 * `value`, except that each field equal to the previous render's keeps the previous object. Node
 * data is parsed afresh on every change, so without this a keystroke in the message would hand
 * every memoized panel a "new" consent, recipient and mapping, and re-render all of them.
 */
export function useSharedFields<T extends object>(value: T): T {
  const previous = useRef(value);
  const before = previous.current as Record<string, unknown>;
  if (before !== value) {
    const after = value as Record<string, unknown>;
    const shared: Record<string, unknown> = {};
    let changed = Object.keys(before).length !== Object.keys(after).length;
    for (const key of Object.keys(after)) {
      const same = Object.hasOwn(before, key) && sameData(before[key], after[key]);
      shared[key] = same ? before[key] : after[key];
      if (!same) changed = true;
    }
    previous.current = (changed ? shared : before) as T;
  }
  return previous.current;
}
