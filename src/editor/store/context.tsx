import { createContext, type ReactNode, useContext, useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { FlowSmsError } from '../../core';
import type { EditorState, EditorStore } from './editor-store';
import { reservedTemplateIds } from './template-rules';

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ store, children }: { store: EditorStore; children?: ReactNode }) {
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

/** The canvas's store itself, for event handlers that read state without subscribing. */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) {
    throw new FlowSmsError(
      'missing_provider',
      'flow-sms editor components must be rendered inside the plugin Provider (createSendSmsPlugin().Provider), ' +
        'itself inside ReactFlowProvider',
    );
  }
  return store;
}

/** Subscribes to one slice of the store; keep selectors narrow so only the affected node re-renders. */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

const NO_IDS: ReadonlySet<string> = new Set();
const noSubscription = () => () => {};

/**
 * The ids a new template must not take besides the library's own (see `reservedTemplateIds`), for
 * the template form, which derives the id it saves and links. The form also works on its own,
 * outside the Provider: there no canvas is known, so nothing is reserved.
 */
export function useReservedTemplateIds(): ReadonlySet<string> {
  const store = useContext(EditorStoreContext);
  const subscribe = store ? store.subscribe : noSubscription;
  const referenced = useSyncExternalStore(subscribe, () => store?.getState().referencedTemplateIds ?? NO_IDS);
  const deleted = useSyncExternalStore(subscribe, () => store?.getState().deletedTemplateIds ?? NO_IDS);
  return useMemo(() => reservedTemplateIds(referenced, deleted), [referenced, deleted]);
}
