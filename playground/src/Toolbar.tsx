import {
  describeZodIssues,
  ENVIRONMENTS,
  type Environment,
  type FieldIssue,
  type FlowFile,
  flowFileSchema,
  formatIssues,
} from 'flow-sms/core';
import { type ChangeEvent, type ReactNode, useId, useState } from 'react';

const ENVIRONMENT_LABELS: Record<Environment, string> = {
  sandbox: 'Sandbox',
  'pre-release': 'Pre-release',
  live: 'Live',
};

/** Environment switch, save/load as the JSON file `flow-sms run` accepts, and the problems list. */
export function Toolbar({
  environment,
  onEnvironmentChange,
  getFlow,
  onLoad,
  onNew,
  problems,
}: {
  environment: Environment;
  onEnvironmentChange(next: Environment): void;
  getFlow(): FlowFile;
  /** Opens the file; returns the problems that kept it from opening (nothing changed then), if any. */
  onLoad(file: FlowFile): FieldIssue[] | undefined;
  onNew(): void;
  problems: ReactNode;
}) {
  const environmentId = useId();
  const [loadError, setLoadError] = useState<string | null>(null);

  const save = () => {
    const blob = new Blob([`${JSON.stringify(getFlow(), null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'flow.json';
    link.click();
    URL.revokeObjectURL(url);
  };

  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setLoadError(null);
    try {
      const parsed = flowFileSchema.safeParse(JSON.parse(await file.text()));
      if (!parsed.success)
        throw new Error(formatIssues(describeZodIssues(parsed.error), `flow file ${file.name}`));
      const refused = onLoad(parsed.data);
      if (refused) throw new Error(formatIssues(refused, `flow file ${file.name}`));
    } catch (error) {
      setLoadError(
        error instanceof SyntaxError
          ? `${file.name} is not valid JSON: ${error.message}`
          : String((error as Error).message),
      );
    }
  };

  return (
    <header className="toolbar">
      <h1>flow-sms playground</h1>
      <label htmlFor={environmentId}>Environment</label>
      <select
        id={environmentId}
        value={environment}
        onChange={(event) => onEnvironmentChange(event.target.value as Environment)}
      >
        {ENVIRONMENTS.map((env) => (
          <option key={env} value={env}>
            {ENVIRONMENT_LABELS[env]}
          </option>
        ))}
      </select>
      <button type="button" onClick={onNew}>
        New flow
      </button>
      <button type="button" onClick={save}>
        Save flow
      </button>
      {/* The native file input stays focusable (and named by the label) but only the label shows. */}
      <label className="button">
        Load flow
        <input className="visually-hidden" type="file" accept="application/json,.json" onChange={load} />
      </label>
      {loadError ? (
        <p role="alert" className="error">
          {loadError}
        </p>
      ) : null}
      {problems}
    </header>
  );
}
