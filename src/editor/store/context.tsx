import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import { FlowSmsError } from '../../core';
import type { EditorState, EditorStore } from './editor-store';

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
