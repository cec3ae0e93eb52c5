import { useMemo } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import { useStableList } from './use-stable-list';
import { describeVariable, groupVariables, withSystemVariables } from './variable-catalog';

export interface VariableSelectProps {
  id: string;
  /** The chosen path, or '' when none is chosen yet. */
  value: string;
  variables: readonly UpstreamVariable[];
  onChange: (path: string) => void;
  nodeLabels?: Readonly<Record<string, string>>;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
}

/**
 * A native select with one option group per source node: keyboard type-ahead, screen reader
 * support and thousands of options come for free. A path no longer available upstream stays
 * selectable (and is marked), so opening an old flow never silently drops a mapping.
 */
export function VariableSelect({
  id,
  value,
  variables,
  onChange,
  nodeLabels,
  invalid = false,
  describedBy,
  placeholder = 'Choose a variable…',
}: VariableSelectProps) {
  const stableVariables = useStableList(variables);
  const groups = useMemo(
    () => groupVariables(withSystemVariables(stableVariables), nodeLabels),
    [stableVariables, nodeLabels],
  );
  // The same element objects on every render let React skip thousands of unchanged options
  // when the panel re-renders for a keystroke elsewhere.
  const optionGroups = useMemo(
    () =>
      groups.map((group) => (
        <optgroup key={group.key} label={group.title}>
          {group.variables.map((variable) => (
            <option key={variable.path} value={variable.path}>
              {describeVariable(variable)}
            </option>
          ))}
        </optgroup>
      )),
    [groups],
  );
  const missing = value !== '' && !groups.some((group) => group.variables.some((v) => v.path === value));
  return (
    <select
      id={id}
      className="fsms-select nodrag nokey"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-invalid={invalid || missing || undefined}
      aria-describedby={describedBy}
    >
      <option value="" disabled={value !== ''}>
        {placeholder}
      </option>
      {missing && <option value={value}>{`${value} · not available upstream`}</option>}
      {optionGroups}
    </select>
  );
}
