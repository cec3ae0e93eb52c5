import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/shallow';
import {
  BRANCH_LABELS,
  type FlowDiagnostic,
  SEND_SMS_INPUT_HANDLE,
  SEND_SMS_NODE_TYPE,
  type SendSmsNodeData,
  templateInputs,
} from '../../core';
import { sampleKeyFor } from '../preview/sample-values';
import { useEditorStore } from '../store/context';
import type { EditorState } from '../store/editor-store';
import { elide } from './elide';
import { keyboardHandleProps } from './keyboard-handle';
import { NODE_CSS } from './node-styles';
import { summarizeNode } from './node-summary';
import { branchesForMode, readNodeData } from './read-node-data';

/** A Send SMS node on the canvas; its data may be of an older version or half edited. */
export type SendSmsFlowNode = Node<Record<string, unknown>, 'sendSms'>;

/** About two lines of the node's width: longer text is cut, and shown whole in its tooltip. */
const FIRST_LINE_MAX = 64;
const TITLE_MAX = 48;
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

/** What the node reads from the editor store about itself: one subscription, compared field by field. */
function selectNodeFacts(id: string, templateId: string | undefined) {
  return (s: EditorState) => ({
    template:
      templateId !== undefined && Object.hasOwn(s.templatesById, templateId)
        ? s.templatesById[templateId]
        : undefined,
    templateStatus: s.templateStatus,
    environment: s.settings.environment,
    defaultSenders: s.settings.defaultSenders,
    samples: Object.hasOwn(s.samples, id) ? (s.samples[id] as Record<string, string>) : NO_SAMPLES,
    diagnostics: Object.hasOwn(s.diagnostics, id) ? (s.diagnostics[id] as FlowDiagnostic[]) : NO_DIAGNOSTICS,
  });
}

function sampleKeysOf(body: string, inputs: SendSmsNodeData['inputs']): string[] {
  const keys: string[] = [];
  for (const name of templateInputs(body)) {
    const key = sampleKeyFor(name, Object.hasOwn(inputs, name) ? inputs[name] : undefined);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

function selectTyped(keys: readonly string[]) {
  return (s: EditorState) => {
    const typed: Record<string, string> = {};
    const all = s.settings.sampleValues;
    for (const key of keys) if (Object.hasOwn(all, key)) typed[key] = all[key] as string;
    return typed;
  };
}

/**
 * The node shows only its id, data and selection: React Flow also passes its position (new on every
 * frame of a drag), size and z-index, which change nothing the node draws.
 */
function sameShownProps(a: NodeProps<SendSmsFlowNode>, b: NodeProps<SendSmsFlowNode>): boolean {
  return a.id === b.id && a.type === b.type && a.data === b.data && a.selected === b.selected;
}

/**
 * The canvas node. Memoized, and it subscribes only to its own slices of the editor store (its
 * template, its diagnostics, the samples of its variables), so editing one node re-renders only that
 * one. React Flow is told about handle changes by `BranchHandleSync`, once for the whole canvas,
 * rather than by hooks in every node.
 */
export const SendSmsNode = memo(function SendSmsNode({
  id,
  type,
  data,
  selected,
}: NodeProps<SendSmsFlowNode>) {
  const draft = useMemo(() => readNodeData(data), [data]);
  const templateId = 'templateId' in draft.data.message ? draft.data.message.templateId : undefined;
  const { template, templateStatus, environment, defaultSenders, samples, diagnostics } = useEditorStore(
    useShallow(selectNodeFacts(id, templateId)),
  );
  // Only the typed samples this message reads: a designer typing a sample for another node's
  // variable re-renders that node, not this one.
  const body = template?.body ?? ('body' in draft.data.message ? draft.data.message.body : '');
  const sampleKeys = useMemo(() => sampleKeysOf(body, draft.data.inputs), [body, draft.data.inputs]);
  const sampleValues = useEditorStore(useShallow(selectTyped(sampleKeys)));
  const variables = useMemo(
    () => Object.entries(samples).map(([path, sample]) => ({ path, sample })),
    [samples],
  );

  const summary = useMemo(
    () =>
      summarizeNode(draft.data, {
        template,
        templateStatus,
        environment,
        defaultSenders,
        sampleValues,
        variables,
      }),
    [draft.data, template, templateStatus, environment, defaultSenders, sampleValues, variables],
  );
  const branches = branchesForMode(draft.data.consent.mode);
  const problems = problemLabel(diagnostics);
  const label = draft.data.label?.trim() || 'Send SMS';
  const title = elide(summary.title, TITLE_MAX);

  return (
    <div
      className={selected ? 'fsms-node fsms-node--selected' : 'fsms-node'}
      data-testid={`send-sms-node-${id}`}
    >
      {/* React hoists this into the document head, once for every node on every canvas. */}
      <style href="flow-sms-node" precedence="flow-sms">
        {NODE_CSS}
      </style>
      <div className="fsms-node-header">
        {/* Handles are named for assistive tech; a name needs a role, and a click on a handle starts
            or ends a connection (React Flow's connect-on-click), so they are buttons. */}
        <Handle
          type="target"
          id={SEND_SMS_INPUT_HANDLE}
          position={Position.Left}
          role="button"
          aria-label="Send SMS input"
          {...keyboardHandleProps}
        />
        <span className="fsms-node-label">{label}</span>
        {diagnostics.length > 0 ? (
          <span
            role="img"
            aria-label={problems.name}
            title={problems.detail}
            className={
              problems.hasErrors ? 'fsms-node-problems' : 'fsms-node-problems fsms-node-problems--warnings'
            }
          >
            ⚠ {diagnostics.length}
          </span>
        ) : null}
      </div>
      {type === SEND_SMS_NODE_TYPE ? null : (
        // Registered by the host under a name of its own: flow analysis, validate() and the executor
        // know Send SMS nodes by their type only, so this one would be skipped without a word.
        <p className="fsms-node-misregistered">
          Its type is “{type}”, so flows do not run it as Send SMS: give it type “{SEND_SMS_NODE_TYPE}”, the
          key in plugin.nodeTypes.
        </p>
      )}
      <div className="fsms-node-title" title={title === summary.title ? undefined : summary.title}>
        {title}
      </div>
      {summary.firstLine ? (
        <div className="fsms-node-first-line" title={summary.firstLine}>
          {elide(summary.firstLine, FIRST_LINE_MAX)}
        </div>
      ) : null}
      <div className="fsms-node-meta">
        <span
          className={
            summary.count.encoding === 'UCS-2' ? 'fsms-node-badge fsms-node-badge--ucs2' : 'fsms-node-badge'
          }
        >
          {summary.badge}
        </span>
        <span className="fsms-node-sender">{summary.sender}</span>
      </div>
      {branches.map((branch) => (
        <div key={branch} className="fsms-node-branch">
          {BRANCH_LABELS[branch]}
          <Handle
            type="source"
            id={branch}
            position={Position.Right}
            role="button"
            aria-label={`${BRANCH_LABELS[branch]} branch`}
            {...keyboardHandleProps}
          />
        </div>
      ))}
    </div>
  );
}, sameShownProps);
