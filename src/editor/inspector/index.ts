// The Send SMS inspector's panels: controlled, store-free components (props in, onChange out).
export { ConsentDiagram } from './ConsentDiagram';
export { ConsentPanel, type ConsentPanelProps } from './ConsentPanel';
export { InputMappingPanel, type InputMappingPanelProps, type PanelDiagnostic } from './InputMappingPanel';
export { InputSourceField, type InputSourceFieldProps } from './InputSourceField';
export { MessageEditor, type MessageEditorProps } from './MessageEditor';
export { describeCount, describeMessageLength } from './message-counter';
export { canonicalToken } from './message-editor/token-completion';
export { findTokenProblems, type TokenProblem } from './message-editor/token-problems';
export {
  RecipientTimingPanel,
  type RecipientTimingPanelProps,
  type RecipientTimingPatch,
} from './RecipientTimingPanel';
export { TemplateForm, type TemplateFormProps } from './TemplateForm';
export { TemplatePicker, type TemplatePickerProps } from './TemplatePicker';
export { checkTemplateDraft, type TemplateDraft, templateIdFor } from './template-draft';
export { searchTemplates } from './template-search';
export { VariableSelect, type VariableSelectProps } from './VariableSelect';
export { groupVariables, type VariableGroup, withSystemVariables } from './variable-catalog';
