import { type ReactNode, useId } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import type { InputSource } from '../../core/schemas/input-source';
import { VariableSelect } from './VariableSelect';
import { findVariable, PARTIAL_NOTE, withSystemVariables } from './variable-catalog';

export interface InputSourceFieldProps {
  legend: ReactNode;
  /** `undefined` while nothing is mapped. */
  value: InputSource | undefined;
  variables: readonly UpstreamVariable[];
  /** `undefined` means "not mapped"; only emitted when `defaultPath` is not given. */
  onChange: (source: InputSource | undefined) => void;
  /** Problems to show under the field, already worded for the builder. */
  problems?: readonly { message: string; severity: 'error' | 'warning' }[];
  /** Where "Upstream variable" points when switched to it; without one the field becomes unmapped. */
  defaultPath?: string;
  nodeLabels?: Readonly<Record<string, string>>;
  hint?: ReactNode;
  /**
   * Whether to warn about the chosen variable (not upstream, set only on some paths). Off when
   * `problems` already come from core's flow validation, which knows more (e.g. token fallbacks).
   */
  checkVariable?: boolean;
}

/** A variable's caveats worth telling the builder while they pick it. */
function variableNotes(source: InputSource | undefined, variables: readonly UpstreamVariable[]): string[] {
  if (source?.kind !== 'variable' || source.path === '') return [];
  const variable = findVariable(withSystemVariables(variables), source.path);
  if (!variable) return [`${source.path} is not available upstream: pick another variable`];
  if (variable.availability === 'some-paths' && !source.fallback) {
    return [`${source.path} is ${PARTIAL_NOTE}: add a fallback`];
  }
  return [];
}

/** Where one value comes from: an upstream variable (with an optional fallback) or fixed text. */
export function InputSourceField({
  legend,
  value,
  variables,
  onChange,
  problems = [],
  defaultPath,
  nodeLabels,
  hint,
  checkVariable = true,
}: InputSourceFieldProps) {
  const id = useId();
  const kind = value?.kind ?? 'variable';
  const notes = [
    ...problems,
    ...(checkVariable ? variableNotes(value, variables) : []).map((message) => ({
      message,
      severity: 'warning' as const,
    })),
  ];
  const hasError = notes.some((note) => note.severity === 'error');
  const notesId = `${id}-notes`;
  const hintId = `${id}-hint`;
  const describedBy =
    [hint ? hintId : '', notes.length > 0 ? notesId : ''].filter(Boolean).join(' ') || undefined;

  const changeKind = (next: string) => {
    if (next === 'fixed') onChange({ kind: 'fixed', value: '' });
    else onChange(defaultPath ? { kind: 'variable', path: defaultPath } : undefined);
  };

  return (
    <fieldset className="fsms-input-source" data-invalid={hasError || undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="fsms-hint">
          {hint}
        </p>
      )}
      <label htmlFor={`${id}-kind`}>Source</label>
      <select
        id={`${id}-kind`}
        className="fsms-select nodrag nokey"
        value={kind}
        onChange={(event) => changeKind(event.target.value)}
      >
        <option value="variable">Upstream variable</option>
        <option value="fixed">Fixed value</option>
      </select>
      {value?.kind === 'fixed' ? (
        <>
          <label htmlFor={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            className="fsms-input nodrag nokey"
            value={value.value}
            onChange={(event) => onChange({ kind: 'fixed', value: event.target.value })}
            aria-invalid={hasError || undefined}
            aria-describedby={describedBy}
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-variable`}>Variable</label>
          <VariableSelect
            id={`${id}-variable`}
            value={value?.kind === 'variable' ? value.path : ''}
            variables={variables}
            nodeLabels={nodeLabels}
            invalid={hasError}
            describedBy={describedBy}
            onChange={(path) =>
              onChange({
                kind: 'variable',
                path,
                ...(value?.kind === 'variable' && value.fallback ? { fallback: value.fallback } : {}),
              })
            }
          />
          <label htmlFor={`${id}-fallback`}>Fallback (optional)</label>
          <input
            id={`${id}-fallback`}
            className="fsms-input nodrag nokey"
            value={value?.kind === 'variable' ? (value.fallback ?? '') : ''}
            disabled={value === undefined}
            placeholder="Used when the variable is empty"
            onChange={(event) => {
              if (value?.kind !== 'variable') return;
              const { fallback: _old, ...rest } = value;
              onChange(event.target.value === '' ? rest : { ...rest, fallback: event.target.value });
            }}
          />
        </>
      )}
      {notes.length > 0 && (
        <ul id={notesId} className="fsms-field-notes">
          {notes.map((note) => (
            <li key={note.message} data-severity={note.severity}>
              {note.severity === 'error' ? 'Error: ' : 'Warning: '}
              {note.message}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
