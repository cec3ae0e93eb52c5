import { useRef } from 'react';

/**
 * The previous list when the new one holds the same items, so a parent that builds its list
 * afresh on every render (`variables={[]}`, a `.filter()`) does not make the editor redo its work.
 */
export function useStableList<T>(list: readonly T[]): readonly T[] {
  const previous = useRef(list);
  const old = previous.current;
  if (old !== list && (old.length !== list.length || old.some((item, i) => item !== list[i]))) {
    previous.current = list;
  }
  return previous.current;
}
