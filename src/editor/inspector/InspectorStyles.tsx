/**
 * The panels' look, scoped to `fsms-` classes. Render `<InspectorStyles />` once per page (the
 * inspector does); the panels stay usable without it, only plainer. Colours keep 4.5:1 contrast,
 * and errors and warnings also carry a text prefix, so colour is never the only signal.
 */
export const INSPECTOR_CSS = `
.fsms-panel { display: grid; gap: 8px; margin: 0 0 16px; font: 14px/1.4 system-ui, sans-serif; color: #1d2330; }
.fsms-message-editor { font: 14px/1.4 system-ui, sans-serif; color: #1d2330; }
.fsms-panel h3, .fsms-template-form h4 { margin: 0; font-size: 14px; font-weight: 600; }
.fsms-panel fieldset { border: 1px solid #d5d9e0; border-radius: 6px; padding: 8px 10px; margin: 0; display: grid; gap: 4px; }
.fsms-panel legend { font-weight: 600; padding: 0 4px; }
.fsms-input, .fsms-select { font: inherit; padding: 4px 6px; border: 1px solid #8a8f98; border-radius: 4px; max-width: 100%; }
.fsms-input:focus-visible, .fsms-select:focus-visible, .fsms-panel button:focus-visible { outline: 2px solid #1b5fd1; outline-offset: 1px; }
.fsms-input[aria-invalid="true"], .fsms-select[aria-invalid="true"] { border-color: #c62828; }
.fsms-field { display: grid; gap: 2px; }
.fsms-hint { margin: 0; color: #4a5160; font-size: 12px; }
.fsms-error, .fsms-field-notes li[data-severity="error"], .fsms-token-problems li[data-kind="malformed"],
.fsms-token-problems li[data-kind="unknown"], .fsms-token-problems li[data-kind="too-long"] { margin: 0; color: #b3261e; font-size: 12px; }
.fsms-warning, .fsms-field-notes li[data-severity="warning"], .fsms-token-problems li[data-kind="partial"] {
  margin: 0; color: #7a4f00; font-size: 12px; }
.fsms-warning { background: #fff6e0; border: 1px solid #e5c17a; border-radius: 4px; padding: 6px 8px; }
.fsms-field-notes, .fsms-token-problems { margin: 0; padding-left: 18px; }
.fsms-counter { margin: 2px 0 0; color: #4a5160; font-size: 12px; font-variant-numeric: tabular-nums; }
.fsms-label { font-weight: 600; margin-bottom: 2px; }
.fsms-radio { display: grid; grid-template-columns: auto 1fr; column-gap: 6px; align-items: baseline; }
.fsms-radio .fsms-hint { grid-column: 2; }
.fsms-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.fsms-combobox { position: relative; display: grid; }
.fsms-listbox { max-height: 320px; overflow: auto; border: 1px solid #8a8f98; border-radius: 4px; background: #fff; }
.fsms-option { padding: 6px 8px; cursor: pointer; border-bottom: 1px solid #eef0f3; }
.fsms-option[aria-selected="true"] { background: #e3edff; box-shadow: inset 3px 0 0 #1b5fd1; }
.fsms-option-title { display: block; font-weight: 600; }
.fsms-option-body, .fsms-option-sender { display: block; font-size: 12px; color: #4a5160; }
.fsms-option-current { font-size: 12px; color: #0b3d91; }
.fsms-template-form { display: grid; gap: 8px; border: 1px solid #d5d9e0; border-radius: 6px; padding: 10px; }
.fsms-confirm { border: 1px solid #e3a1a1; background: #fdf3f3; border-radius: 6px; padding: 8px 10px; }
.fsms-confirm p { margin: 0 0 6px; }
.fsms-consent-diagram { margin: 0; border-left: 3px solid #9db8ec; padding: 4px 10px; }
.fsms-consent-diagram figcaption { font-weight: 600; }
.fsms-consent-diagram p { margin: 2px 0; }
.fsms-consent-diagram ul { margin: 0; padding-left: 18px; }
.fsms-branch { font-weight: 600; }
.fsms-visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

export function InspectorStyles() {
  return <style data-flow-sms="inspector">{INSPECTOR_CSS}</style>;
}
