import { EditorView } from '@codemirror/view';

/**
 * Token chips and problem underlines. Colours keep a 4.5:1 contrast on white; the underline
 * style differs per problem, so colour is never the only signal.
 */
export const messageEditorTheme = EditorView.theme({
  '&': { border: '1px solid #8a8f98', borderRadius: '6px', backgroundColor: '#fff', fontSize: '14px' },
  '&.cm-focused': { outline: '2px solid #1b5fd1', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'inherit', padding: '8px', minHeight: '4.5em', caretColor: '#111' },
  // CodeMirror's own placeholder grey (#888) is 3.5:1 on white, under WCAG's 4.5:1 for text.
  '.cm-placeholder': { color: '#5f6673' },
  '.cm-sms-token': {
    backgroundColor: '#e3edff',
    color: '#0b3d91',
    borderRadius: '4px',
    padding: '0 2px',
    boxShadow: 'inset 0 0 0 1px #9db8ec',
  },
  '.cm-sms-token-unknown': {
    backgroundColor: '#fdecec',
    color: '#8a1c1c',
    boxShadow: 'inset 0 0 0 1px #e3a1a1',
    textDecoration: 'underline wavy #c62828',
  },
  '.cm-sms-token-partial': { textDecoration: 'underline dashed #8a5a00' },
  '.cm-sms-malformed': { textDecoration: 'underline wavy #c62828', textDecorationSkipInk: 'none' },
  '.cm-tooltip-autocomplete > ul': { maxHeight: '18em' },
  '.cm-tooltip-autocomplete > ul > completion-section': {
    color: '#444',
    fontWeight: '600',
    borderBottom: '1px solid #ddd',
    padding: '4px 6px 2px',
  },
  '.cm-tooltip-autocomplete .cm-completionDetail': {
    color: '#555',
    fontStyle: 'normal',
    marginLeft: '0.75em',
  },
  '.cm-sms-option-partial .cm-completionDetail': { color: '#7a4f00' },
});
