import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { BRANCH_LABELS, type FlowDiagnostic } from '../../core';
import { useEditorStore } from '../store/context';
import { nodeStyles as css } from './node-styles';
import { summarizeNode } from './node-summary';
import { branchesForMode, readNodeData } from './read-node-data';
import { useBranchHandles } from './use-branch-handles';

/** A Send SMS node on the canvas; its data may be of an older version or half edited. */
export type SendSmsFlowNode = Node<Record<string, unknown>, 'sendSms'>;

const NO_DIAGNOSTICS: readonly FlowDiagnostic[] = [];
const NO_SAMPLES: Readonly<Record<string, string>> = {};

function problemLabel(diagnostics: readonly FlowDiagnostic[]) {
  const count = diagnostics.length;
  return {
    name: `${count} ${count === 1 ? 'problem' : 'problems'}`,
    detail: diagnostics.map((d) => `${d.severity}: ${d.message}`).join('\n'),
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
  };
}

/**
 * The canvas node. Memoized, and it subscribes only to its own slices of the editor store (its
 * template, its diagnostics, the samples of its variables), so editing one node re-renders only that one.
 */
export const SendSmsNode = memo(function SendSmsNode({ id, data, selected }: NodeProps<SendSmsFlowNode>) {
  const draft = useMemo(() => readNodeData(data), [data]);
  const templateId = 'templateId' in draft.data.message ? draft.data.message.templateId : undefined;
  const template = useEditorStore((s) =>
    templateId === undefined ? undefined : s.templatesById[templateId],
  );
  const environment = useEditorStore((s) => s.settings.environment);
  const defaultSenders = useEditorStore((s) => s.settings.defaultSenders);
  const sampleValues = useEditorStore((s) => s.settings.sampleValues);
  const samples = useEditorStore((s) => s.samples[id] ?? NO_SAMPLES);
  const variables = useMemo(
    () => Object.entries(samples).map(([path, sample]) => ({ path, sample })),
    [samples],
  );
  const diagnostics = useEditorStore((s) => s.diagnostics[id] ?? NO_DIAGNOSTICS);

  const summary = useMemo(
    () => summarizeNode(draft.data, { template, environment, defaultSenders, sampleValues, variables }),
    [draft.data, template, environment, defaultSenders, sampleValues, variables],
  );
  const branches = useMemo(() => branchesForMode(draft.data.consent.mode), [draft.data.consent.mode]);
  useBranchHandles(id, branches);

  const problems = problemLabel(diagnostics);
  const label = draft.data.label?.trim() || 'Send SMS';

  return (
    <div
      className={`fsms-node${selected ? ' fsms-node--selected' : ''}`}
      style={selected ? { ...css.root, ...css.selected } : css.root}
      data-testid={`send-sms-node-${id}`}
    >
      {/* Handles are named for assistive tech; a name needs a role, and a click on a handle starts or
          ends a connection (React Flow's connect-on-click), so they are buttons. */}
      <Handle type="target" position={Position.Left} role="button" aria-label="Send SMS input" />
      <div className="fsms-node-header" style={css.header}>
        <span aria-hidden="true" style={css.icon}>
          ✉
        </span>
        <span className="fsms-node-label" style={css.label}>
          {label}
        </span>
        {diagnostics.length > 0 ? (
          <span
            role="img"
            aria-label={problems.name}
            title={problems.detail}
            className="fsms-node-problems"
            style={problems.hasErrors ? css.problems : { ...css.problems, ...css.warnings }}
          >
            ⚠ {diagnostics.length}
          </span>
        ) : null}
      </div>
      <div className="fsms-node-body" style={css.body}>
        <div className="fsms-node-title" style={css.title}>
          {summary.title}
        </div>
        {summary.firstLine ? (
          <div className="fsms-node-first-line" style={css.firstLine} title={summary.firstLine}>
            {summary.firstLine}
          </div>
        ) : null}
        <div className="fsms-node-meta" style={css.meta}>
          <span
            className="fsms-node-badge"
            style={summary.count.encoding === 'UCS-2' ? { ...css.badge, ...css.ucsBadge } : css.badge}
          >
            {summary.badge}
          </span>
          <span className="fsms-node-sender">{summary.sender}</span>
        </div>
      </div>
      <div className="fsms-node-branches" style={css.branches}>
        {branches.map((branch) => (
          <div key={branch} className="fsms-node-branch" style={css.branch}>
            {BRANCH_LABELS[branch]}
            <Handle
              type="source"
              id={branch}
              position={Position.Right}
              role="button"
              aria-label={`${BRANCH_LABELS[branch]} branch`}
              style={css.handle}
            />
          </div>
        ))}
      </div>
    </div>
  );
});
