import { useReactFlow } from '@xyflow/react';
import { useEffect, useId, useRef, useState } from 'react';
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

/** `variable_N` for the first N, from the row count up, that no row has taken (one may be named so). */
function freeVariableName(names: readonly string[]): string {
  for (let n = names.length + 1; ; n++) {
    const name = `variable_${n}`;
    if (!names.includes(name)) return name;
  }
}

function SetVariablesForm({ node }: { node: SetVariablesNode }) {
  const { updateNodeData } = useReactFlow();
  const entries = Object.entries(node.data.values ?? {});
  // Rows keep their identity while a name is edited (the key must not change with the name, or
  // the row remounts and focus is lost on Tab); removing a row drops its key with it.
  const keys = useRef<number[]>([]);
  const nextKey = useRef(0);
  while (keys.current.length < entries.length) keys.current.push(nextKey.current++);
  keys.current.length = entries.length;
  const write = (next: [string, string][]) => updateNodeData(node.id, { values: Object.fromEntries(next) });
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** The remove button just pressed, and its row, until the row has gone. */
  const removing = useRef<{ button: Element; index: number } | null>(null);
  const removeButtons = () => [
    ...(sectionRef.current?.querySelectorAll<HTMLElement>('.host-form__remove') ?? []),
  ];
  // The pressed button leaves with its row and would drop keyboard focus on the page; the row
  // that moved up into its place (or the one above, or the heading) keeps the user's place.
  useEffect(() => {
    const pressed = removing.current;
    if (!pressed || pressed.button.isConnected) return;
    removing.current = null;
    // Only if focus went with the button: the builder may have moved on before the change landed.
    const { activeElement, body } = pressed.button.ownerDocument;
    if (activeElement && activeElement !== body) return;
    const buttons = removeButtons();
    (buttons[pressed.index] ?? buttons[pressed.index - 1] ?? headingRef.current)?.focus();
  });
  return (
    <section ref={sectionRef} aria-label="Set variables settings" className="host-form">
      <h2 ref={headingRef} tabIndex={-1}>
        Set variables
      </h2>
      {entries.map(([name, value], index) => (
        <VariableRow
          key={keys.current[index]}
          index={index}
          name={name}
          value={value}
          // Values are keyed by name, so a name two rows share would keep only one of their values.
          nameTaken={(candidate) => entries.some(([other], i) => i !== index && other === candidate)}
          onRename={(nextName) => write(entries.map((entry, i) => (i === index ? [nextName, value] : entry)))}
          onValue={(nextValue) => write(entries.map((entry, i) => (i === index ? [name, nextValue] : entry)))}
          onRemove={() => {
            const button = removeButtons()[index];
            if (button) removing.current = { button, index };
            keys.current.splice(index, 1);
            write(entries.filter((_, i) => i !== index));
          }}
        />
      ))}
      <button
        type="button"
        onClick={() => write([...entries, [freeVariableName(entries.map(([name]) => name)), '']])}
      >
        Add variable
      </button>
    </section>
  );
}

/** One name/value pair; the name is committed on blur so a half-typed name never becomes a variable. */
function VariableRow({
  index,
  name,
  value,
  nameTaken,
  onRename,
  onValue,
  onRemove,
}: {
  index: number;
  name: string;
  value: string;
  /** Whether another row already has this name. */
  nameTaken(name: string): boolean;
  onRename(name: string): void;
  onValue(value: string): void;
  onRemove(): void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(name);
  const [nameError, setNameError] = useState<string | null>(null);
  useEffect(() => setDraft(name), [name]);
  const commit = () => {
    const trimmed = draft.trim();
    // Refused, not merged: the typed name stays in the field, marked, for the builder to change.
    if (trimmed && trimmed !== name && nameTaken(trimmed)) {
      setNameError(`Another variable is already named "${trimmed}": choose a different name`);
      return;
    }
    setNameError(null);
    if (trimmed && trimmed !== name) onRename(trimmed);
    else setDraft(name);
  };
  return (
    <fieldset className="host-form__row">
      <legend className="visually-hidden">Variable {index + 1}</legend>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        value={draft}
        aria-invalid={nameError ? true : undefined}
        aria-describedby={nameError ? `${id}-name-error` : undefined}
        onChange={(event) => {
          setDraft(event.target.value);
          setNameError(null);
        }}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
      {nameError ? (
        <p id={`${id}-name-error`} role="alert" className="error">
          {nameError}
        </p>
      ) : null}
      <label htmlFor={`${id}-value`}>Value</label>
      <input id={`${id}-value`} value={value} onChange={(event) => onValue(event.target.value)} />
      <button type="button" className="host-form__remove" onClick={onRemove}>
        Remove {name}
      </button>
    </fieldset>
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
