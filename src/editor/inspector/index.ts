// The Send SMS inspector's panels: controlled, store-free components (props in, onChange out).
export { ConsentPanel, type ConsentPanelProps } from './ConsentPanel';
export { InputMappingPanel, type InputMappingPanelProps, type PanelDiagnostic } from './InputMappingPanel';
export { INSPECTOR_CSS, InspectorStyles } from './InspectorStyles';
export { MessageEditor, type MessageEditorProps } from './MessageEditor';
export { describeCount } from './message-counter';
export {
  RecipientTimingPanel,
  type RecipientTimingPanelProps,
  type RecipientTimingPatch,
} from './RecipientTimingPanel';
export { TemplateForm, type TemplateFormProps } from './TemplateForm';
export { TemplatePicker, type TemplatePickerProps } from './TemplatePicker';
export { templateIdFor } from './template-draft';
