import { useEffect } from 'react';
import { useEditorStoreApi } from './context';

/**
 * Follows the template storage while the canvas is mounted (see `followStorage`): a template saved
 * by another canvas or tab shows up in this one, and this canvas's next save keeps it.
 */
export function TemplateStorageSync() {
  const store = useEditorStoreApi();
  useEffect(() => store.getState().followStorage(), [store]);
  return null;
}
