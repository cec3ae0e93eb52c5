export { EditorStoreProvider, useEditorStore, useEditorStoreApi } from './context';
export {
  type AnalysisResults,
  createEditorStore,
  type EditorSettings,
  type EditorState,
  type EditorStore,
  type EditorStoreOptions,
  type TemplateLibraryStatus,
} from './editor-store';
export { FlowAnalysisSync } from './FlowAnalysisSync';
export { checkCatalog, editorSettingsSchema, templateStorageSchema } from './store-options';
export { TemplateStorageSync } from './TemplateStorageSync';
export type { NewTemplate, TemplateResult } from './template-rules';
export {
  DEFAULT_TEMPLATE_STORAGE_KEY,
  localStorageTemplateStorage,
  memoryTemplateStorage,
  type TemplateStorage,
} from './template-storage';
