import type { KeyboardEvent } from 'react';

/**
 * React Flow connects two handles clicked one after the other (connect on click), but its handles
 * take no focus and no keys. With these props a handle is a real button: Tab to a branch, press
 * Enter or Space, Tab to another node's input, press it again, and the edge is made. Without
 * them, a keyboard user could not wire a branch on any host's canvas.
 */
export const keyboardHandleProps = {
  tabIndex: 0,
  onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    // The key is the handle's: the node around it would otherwise take Enter as "select me".
    event.stopPropagation();
    event.currentTarget.click();
  },
};
