import type { FlowDiagnostic } from 'flow-sms/core';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Everything validateFlow found; choosing a problem selects its node. */
export function ProblemsList({
  problems,
  nodeName,
  onSelect,
}: {
  problems: FlowDiagnostic[];
  nodeName(nodeId: string): string;
  onSelect(nodeId: string): void;
}) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <details className="problems">
      <summary>
        Problems <span className="badge badge--error">{plural(errors, 'error')}</span>{' '}
        <span className="badge badge--warning">{plural(warnings, 'warning')}</span>
      </summary>
      {problems.length === 0 ? (
        <p>No problems found.</p>
      ) : (
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.nodeId}:${problem.code}:${problem.field ?? ''}:${problem.message}`}>
              <button type="button" onClick={() => onSelect(problem.nodeId)}>
                <span className={`severity severity--${problem.severity}`}>{problem.severity}</span>{' '}
                {nodeName(problem.nodeId)}: {problem.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
