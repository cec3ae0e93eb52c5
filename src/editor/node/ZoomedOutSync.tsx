import { type ReactFlowState, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { ZOOMED_OUT_BELOW, ZOOMED_OUT_CLASS } from './node-styles';

/**
 * Marks the canvas's viewport element with `ZOOMED_OUT_CLASS` while the zoom is below
 * `ZOOMED_OUT_BELOW`, where the node stylesheet stops painting node text. One store listener for the
 * whole canvas, writing a class only when the zoom crosses the line: a zoom hook in each node
 * would re-render all of them at every crossing, the first of which comes right after fitView on a
 * large flow. The viewport's class list is React Flow's, set once at mount and never rewritten;
 * the class is checked on every store change, so a re-created viewport gets it back at once.
 */
export function ZoomedOutSync() {
  const store = useStoreApi();
  useEffect(() => {
    let viewport: Element | null | undefined;
    const apply = (state: ReactFlowState) => {
      if (!viewport?.isConnected) viewport = state.domNode?.querySelector('.react-flow__viewport');
      if (!viewport) return;
      const zoomedOut = state.transform[2] < ZOOMED_OUT_BELOW;
      if (viewport.classList.contains(ZOOMED_OUT_CLASS) !== zoomedOut) {
        viewport.classList.toggle(ZOOMED_OUT_CLASS, zoomedOut);
      }
    };
    apply(store.getState());
    return store.subscribe(apply);
  }, [store]);
  return null;
}
