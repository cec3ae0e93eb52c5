import { useReactFlow } from '@xyflow/react';
import { useId } from 'react';
import type { EndNode, SetVariablesNode } from './host-nodes';

/** A simple form for the host's own node types (the plugin's inspector handles Send SMS). */
export function HostNodeForm({ node }: { node: SetVariablesNode | EndNode | { id: string; type: 'start' } }) {
  if (node.type === 'setVariables') return <SetVariablesForm node={node as SetVariablesNode} />;
  if (node.type === 'end') return <EndForm node={node as EndNode} />;
  return (
    <section aria-label="Start settings" className="host-form">
      <h2>Start</h2>
      <p>
        The flow begins here when a call comes in. The caller's number is available as call.caller_number.
      </p>
    </section>
  );
}

function SetVariablesForm({ node }: { node: SetVariablesNode }) {
  const { updateNodeData } = useReactFlow();
  const idPrefix = useId();
  const entries = Object.entries(node.data.values ?? {});
  const write = (next: [string, string][]) => updateNodeData(node.id, { values: Object.fromEntries(next) });
  return (
    <section aria-label="Set variables settings" className="host-form">
      <h2>Set variables</h2>
      {entries.map(([name, value], index) => (
        // Rows are positional: renaming a variable must not move focus to another row.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <fieldset key={`${index}-${name}`} className="host-form__row">
          <legend className="visually-hidden">Variable {index + 1}</legend>
          <label htmlFor={`${idPrefix}-name-${index}`}>Name</label>
          <input
            id={`${idPrefix}-name-${index}`}
            defaultValue={name}
            onBlur={(event) => {
              const next = [...entries];
              next[index] = [event.target.value.trim(), value];
              write(next);
            }}
          />
          <label htmlFor={`${idPrefix}-value-${index}`}>Value</label>
          <input
            id={`${idPrefix}-value-${index}`}
            value={value}
            onChange={(event) => {
              const next = [...entries];
              next[index] = [name, event.target.value];
              write(next);
            }}
          />
          <button type="button" onClick={() => write(entries.filter((_, i) => i !== index))}>
            Remove {name || 'variable'}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => write([...entries, [`variable_${entries.length + 1}`, '']])}>
        Add variable
      </button>
    </section>
  );
}

function EndForm({ node }: { node: EndNode }) {
  const { updateNodeData } = useReactFlow();
  const id = useId();
  return (
    <section aria-label="End settings" className="host-form">
      <h2>End</h2>
      <label htmlFor={id}>Label</label>
      <input
        id={id}
        value={node.data.label ?? ''}
        onChange={(event) => updateNodeData(node.id, { label: event.target.value })}
      />
    </section>
  );
}
