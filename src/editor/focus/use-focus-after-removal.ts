import { useEffect, useRef } from 'react';

/**
 * Keeps a keyboard user's place when a button removes itself (a "Remove" in a list, a fix that is
 * no longer needed): React unmounts it with its row and focus falls to the page. Once it has gone,
 * focus moves to the button now in its place, else the one before it, else `fallback` (a heading
 * or region with tabIndex -1). Nothing moves if focus went somewhere else meanwhile.
 *
 * `buttons` lists the removable buttons in order; call the returned function from a button's
 * click handler with that button.
 */
export function useFocusAfterRemoval(
  buttons: () => readonly HTMLElement[],
  fallback: () => HTMLElement | null,
): (pressed: HTMLElement) => void {
  const pending = useRef<{ button: HTMLElement; index: number } | null>(null);
  useEffect(() => {
    const pressed = pending.current;
    if (!pressed || pressed.button.isConnected) return;
    pending.current = null;
    const { activeElement, body } = pressed.button.ownerDocument;
    if (activeElement && activeElement !== body) return;
    const remaining = buttons();
    (remaining[pressed.index] ?? remaining[pressed.index - 1] ?? fallback())?.focus();
  });
  return (button) => {
    pending.current = { button, index: buttons().indexOf(button) };
  };
}
