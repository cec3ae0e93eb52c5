import { useId, useRef } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import { type InputSource, isEmptyValue } from '../../core/schemas/input-source';
import { useFocusAfterRemoval } from '../focus/use-focus-after-removal';
import { InputSourceField } from './InputSourceField';

/** A problem core's flow validation reported; `field` is a dotted path such as `inputs.first_name`. */
export interface PanelDiagnostic {
  field: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

export interface InputMappingPanelProps {
  /** The template's inputs, in order of first appearance. */
  inputs: string[];
  mapping: Record<string, InputSource>;
  variables: UpstreamVariable[];
  diagnostics?: PanelDiagnostic[];
  onChange: (mapping: Record<string, InputSource>) => void;
  nodeLabels?: Readonly<Record<string, string>>;
}

const UNMAPPED = 'Not mapped: choose a variable or a fixed value';
const EMPTY_FIXED = 'The fixed value is empty: type the value, or choose a variable';

function diagnosticsFor(diagnostics: readonly PanelDiagnostic[], input: string) {
  const field = `inputs.${input}`;
  return diagnostics
    .filter((d) => d.field === field || d.field.startsWith(`${field}.`))
    .map((d) => ({
      message: d.message,
      severity: d.severity === 'error' ? ('error' as const) : ('warning' as const),
    }));
}

function without(mapping: Record<string, InputSource>, name: string): Record<string, InputSource> {
  const { [name]: _removed, ...rest } = mapping;
  return rest;
}

/** The panel's one-line summary, worded for one input as for many. */
function mappingStatus(inputs: number, unmapped: number): string {
  if (inputs === 1) return unmapped === 0 ? 'The input is mapped.' : 'The input is not mapped.';
  return unmapped === 0 ? `All ${inputs} inputs are mapped.` : `${unmapped} of ${inputs} inputs not mapped.`;
}

/** One row per template input: where its value comes from when the message is sent. */
export function InputMappingPanel({
  inputs,
  mapping,
  variables,
  diagnostics = [],
  onChange,
  nodeLabels,
}: InputMappingPanelProps) {
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A pressed remove button unmounts with its row: the next one (or the previous, or the heading
  // once none are left) takes focus so the builder keeps their place.
  const rememberRemoval = useFocusAfterRemoval(
    () => [...(sectionRef.current?.querySelectorAll<HTMLElement>('.fsms-stale-inputs button') ?? [])],
    () => headingRef.current,
  );
  const unmapped = inputs.filter((input) => !Object.hasOwn(mapping, input));
  const stale = Object.keys(mapping).filter((name) => !inputs.includes(name));

  return (
    <section ref={sectionRef} className="fsms-panel" aria-labelledby={headingId}>
      <h3 ref={headingRef} id={headingId} tabIndex={-1}>
        Inputs
      </h3>
      {inputs.length === 0 ? (
        <p className="fsms-hint">This message has no inputs. Type {'{{'} in the message to add one.</p>
      ) : (
        <p className="fsms-hint" role="status">
          {mappingStatus(inputs.length, unmapped.length)}
        </p>
      )}
      {inputs.map((input) => {
        const source = Object.hasOwn(mapping, input) ? mapping[input] : undefined;
        // Core's diagnostics, when given, know more than this panel (token fallbacks, every path);
        // the panel's own checks fill in only for rows they say nothing about.
        const reported = diagnosticsFor(diagnostics, input);
        const own = !source
          ? UNMAPPED
          : source.kind === 'fixed' && isEmptyValue(source.value)
            ? EMPTY_FIXED
            : null;
        const problems =
          reported.length > 0 || !own ? reported : [{ message: own, severity: 'error' as const }];
        return (
          <InputSourceField
            key={input}
            legend={input}
            value={source}
            variables={variables}
            nodeLabels={nodeLabels}
            problems={problems}
            checkVariable={reported.length === 0}
            onChange={(next) => onChange(next ? { ...mapping, [input]: next } : without(mapping, input))}
          />
        );
      })}
      {stale.length > 0 && (
        <div className="fsms-stale-inputs">
          <p>Mapped inputs the message no longer uses:</p>
          <ul>
            {stale.map((name) => (
              <li key={name}>
                {name}{' '}
                <button
                  type="button"
                  onClick={(event) => {
                    rememberRemoval(event.currentTarget);
                    onChange(without(mapping, name));
                  }}
                >
                  Remove mapping for {name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
