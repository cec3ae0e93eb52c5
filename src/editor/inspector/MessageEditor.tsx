import { acceptCompletion, autocompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { Compartment, EditorState, Prec, Transaction } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { useEffect, useId, useMemo, useRef } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import { countSegments } from '../../core/segments';
import { parseTemplate } from '../../core/template';
import { formatCount } from '../preview/describe-char';
import { describeCount } from './message-counter';
import { fromProps, minimalChange } from './message-editor/external-change';
import { messageEditorTheme } from './message-editor/theme';
import { tokenCompletionSource } from './message-editor/token-completion';
import {
  createTokenCatalog,
  createTokenContext,
  setTokenContext,
  tokenContextField,
} from './message-editor/token-context';
import { tokenMarks } from './message-editor/token-marks';
import { findTokenProblems } from './message-editor/token-problems';
import { useStableList } from './use-stable-list';
import { withSystemVariables } from './variable-catalog';

export interface MessageEditorProps {
  value: string;
  onChange: (value: string) => void;
  variables: UpstreamVariable[];
  label?: string;
  invalid?: boolean;
  /** Ids of elements (e.g. a validation message) that describe the message further. */
  describedBy?: string;
  /** Names for the source nodes in the completion section headers, keyed by node id. */
  nodeLabels?: Readonly<Record<string, string>>;
  /**
   * `false` in a template body: its tokens are inputs mapped per node, so a name that no
   * upstream node sets is not a problem there.
   */
  flagUnknownTokens?: boolean;
  /** Inputs the node maps already (e.g. to a fixed value): their tokens are not unknown. */
  mappedInputs?: readonly string[];
  placeholder?: string;
  /**
   * The most characters the text may hold (counted as the preview counts them): the counter shows
   * the count against it, and a longer text gets an error here, where it is being typed.
   */
  maxCharacters?: number;
}

const NO_INPUTS: readonly string[] = [];

function contentAttributes(labelId: string, describedBy: string, invalid: boolean) {
  return EditorView.contentAttributes.of({
    'aria-labelledby': labelId,
    'aria-describedby': describedBy,
    ...(invalid ? { 'aria-invalid': 'true' } : {}),
  });
}

/**
 * The message text box: CodeMirror 6 with token autocompletion after `{{`, `${` or `<`,
 * token chips, problem underlines and a live length counter. Controlled: `value` in, `onChange` out.
 */
export function MessageEditor({
  value,
  onChange,
  variables,
  label = 'Message',
  invalid = false,
  describedBy,
  nodeLabels,
  flagUnknownTokens = true,
  mappedInputs,
  placeholder,
  maxCharacters,
}: MessageEditorProps) {
  const baseId = useId();
  const labelId = `${baseId}-label`;
  const counterId = `${baseId}-counter`;
  const problemsId = `${baseId}-problems`;
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // Texts sent through onChange that the parent has not rendered back yet. The parent may lag a
  // few keystrokes behind; a `value` found here is such an echo and must not overwrite the newer
  // text in the editor. Any other `value` is a real change from outside.
  const unacknowledged = useRef<string[]>([]);
  const attributes = useRef(new Compartment()).current;
  const undoHistory = useRef(new Compartment()).current;

  const stableVariables = useStableList(variables);
  const allVariables = useMemo(() => withSystemVariables(stableVariables), [stableVariables]);
  const stableMapped = useStableList(mappedInputs ?? NO_INPUTS);
  const catalog = useMemo(() => createTokenCatalog(allVariables, nodeLabels), [allVariables, nodeLabels]);
  const tokenContext = useMemo(
    () => createTokenContext(allVariables, flagUnknownTokens, nodeLabels, stableMapped, catalog),
    [allVariables, flagUnknownTokens, nodeLabels, stableMapped, catalog],
  );
  const parsed = useMemo(() => parseTemplate(value), [value]);
  const problems = useMemo(() => findTokenProblems(parsed, tokenContext), [parsed, tokenContext]);
  const count = useMemo(() => countSegments(value), [value]);
  // With tokens in it, the text as written is not what is sent: its length is what the limit
  // counts, but its encoding and segments would contradict the preview's.
  const asWritten = parsed.parts.some((part) => part.type === 'token');
  const overLimit =
    maxCharacters !== undefined && count.characters > maxCharacters ? count.characters - maxCharacters : 0;
  const hasErrors = overLimit > 0 || problems.some((problem) => problem.kind !== 'partial');
  const listed = overLimit > 0 || problems.length > 0;
  const descriptionIds = [counterId, listed ? problemsId : '', describedBy ?? ''].filter(Boolean).join(' ');

  // The view is created once; later prop changes reach it through effects below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the initial value and context seed the view only
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          tokenContextField.init(() => tokenContext),
          tokenMarks,
          undoHistory.of(history()),
          Prec.highest(keymap.of([{ key: 'Tab', run: acceptCompletion }])),
          keymap.of([...historyKeymap, ...defaultKeymap]),
          autocompletion({
            override: [tokenCompletionSource],
            icons: false,
            optionClass: (completion) =>
              completion.type?.includes('partial') ? 'cm-sms-option-partial' : '',
          }),
          EditorState.phrases.of({ Completions: 'Variables' }),
          EditorView.lineWrapping,
          messageEditorTheme,
          attributes.of(contentAttributes(labelId, descriptionIds, invalid || hasErrors)),
          placeholder ? placeholderText(placeholder) : [],
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            if (update.transactions.every((tr) => tr.annotation(fromProps))) return;
            const text = update.state.doc.toString();
            unacknowledged.current.push(text);
            onChangeRef.current(text);
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const echoed = unacknowledged.current.lastIndexOf(value);
    if (echoed >= 0) {
      unacknowledged.current.splice(0, echoed + 1);
      return;
    }
    unacknowledged.current = [];
    // Compared as the editor holds it (lines joined with \n): a \r\n the editor already shows as
    // one line break would otherwise be inserted again and show, and be saved, as a blank line.
    const change = minimalChange(view.state.doc, view.state.toText(value).toString());
    if (!change) return;
    // A text the host put here (another flow loaded, the host's undo, a preview fix) starts a new
    // undo history: Ctrl+Z must not bring back the typing that produced an older text.
    view.dispatch({
      changes: change,
      annotations: [fromProps.of(true), Transaction.addToHistory.of(false)],
      effects: undoHistory.reconfigure([]),
    });
    view.dispatch({ effects: undoHistory.reconfigure(history()) });
  }, [value, undoHistory]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: setTokenContext.of(tokenContext) });
  }, [tokenContext]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: attributes.reconfigure(contentAttributes(labelId, descriptionIds, invalid || hasErrors)),
    });
  }, [attributes, labelId, descriptionIds, invalid, hasErrors]);

  return (
    <div className="fsms-message-editor">
      {/* A div, not a <label>: a label cannot point at a contenteditable; aria-labelledby names it. */}
      <div id={labelId} className="fsms-label">
        {label}
      </div>
      <div ref={hostRef} className="fsms-message-editor-host nodrag nokey" />
      <p id={counterId} className="fsms-counter">
        {describeCount(count, maxCharacters, { asWritten })}
      </p>
      {listed && (
        <ul id={problemsId} className="fsms-token-problems" aria-label="Problems in the message">
          {overLimit > 0 && (
            <li data-kind="too-long">
              Error: The message is {formatCount(overLimit)} {overLimit === 1 ? 'character' : 'characters'}{' '}
              over the {formatCount(maxCharacters ?? 0)}-character limit: shorten it.
            </li>
          )}
          {problems.map((problem) => (
            <li key={`${problem.kind}-${problem.start}`} data-kind={problem.kind}>
              {problem.kind === 'partial' ? 'Warning: ' : 'Error: '}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
