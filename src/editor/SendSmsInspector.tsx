import { useNodesData, useReactFlow } from '@xyflow/react';
import { memo, useCallback, useEffect, useId, useMemo, useRef } from 'react';
import {
  type Consent,
  type FieldIssue,
  type FlowDiagnostic,
  type InputSource,
  SEND_SMS_NODE_TYPE,
  SEND_SMS_SCHEMA_VERSION,
  type SendSmsNodeData,
  type SmsTemplate,
  sendSmsNodeDataSchema,
  TEMPLATE_BODY_MAX,
  templateInputs,
  type UpstreamVariable,
} from '../core';
import {
  ConsentPanel,
  InputMappingPanel,
  InspectorStyles,
  MessageEditor,
  RecipientTimingPanel,
  type RecipientTimingPatch,
  TemplatePicker,
} from './inspector';
import { autoMapInputs, forgetEdited } from './inspector/auto-map-inputs';
import { unseenTemplateText } from './inspector/template-status';
import { useSharedFields } from './inspector/use-shared-fields';
import { useStableList } from './inspector/use-stable-list';
import { withSystemVariables } from './inspector/variable-catalog';
import { readNodeData } from './node/read-node-data';
import type { SendSmsFlowNode } from './node/SendSmsNode';
import { useHandleConnected, useNodeLabels } from './node/use-flow-facts';
import { MessagePreview } from './preview/MessagePreview';
import { useEditorStore, useEditorStoreApi } from './store/context';

const NO_DIAGNOSTICS: FlowDiagnostic[] = [];
const NO_VARIABLES: UpstreamVariable[] = [];

export interface SendSmsInspectorProps {
  /** The Send SMS node to configure (usually the selected one). */
  nodeId: string;
}

/**
 * The settings of one Send SMS node: template or inline text, input mapping, consent, recipient and
 * timing, a live preview and the node's problems. Node data is read and written through React Flow
 * (`useNodesData` / `updateNodeData`), so the host's own state stays the single source of truth.
 */
export function SendSmsInspector({ nodeId }: SendSmsInspectorProps) {
  // Fails fast outside the plugin Provider, whether or not the node exists yet.
  useEditorStoreApi();
  const node = useNodesData<SendSmsFlowNode>(nodeId);
  if (!node || node.type !== SEND_SMS_NODE_TYPE) {
    return (
      <section aria-label="Send SMS settings" className="fsms-inspector">
        <p>
          {!node
            ? `There is no node ${nodeId} on the canvas.`
            : node.type
              ? `Node ${nodeId} is not a Send SMS node. Its type is "${node.type}"; Send SMS nodes have type "${SEND_SMS_NODE_TYPE}".`
              : `Node ${nodeId} is not a Send SMS node. It has no type; Send SMS nodes have type "${SEND_SMS_NODE_TYPE}".`}
        </p>
      </section>
    );
  }
  // Keyed by node: what the form remembers (auto-mapped inputs, consent modes visited) is per node.
  return <InspectorForm key={nodeId} nodeId={nodeId} raw={node.data} />;
}

// Memoized here, where their props are kept stable, so a keystroke in the message re-renders only
// what shows the message: the editor, the inputs it names and the preview.
const MemoTemplatePicker = memo(TemplatePicker);
const MemoInputMappingPanel = memo(InputMappingPanel);
const MemoConsentPanel = memo(ConsentPanel);
const MemoRecipientTimingPanel = memo(RecipientTimingPanel);

/** The text a node sends: its template's body, or its inline message. */
function bodyOf(data: SendSmsNodeData, templatesById: Readonly<Record<string, SmsTemplate>>): string {
  if ('body' in data.message) return data.message.body;
  const { templateId } = data.message;
  return Object.hasOwn(templatesById, templateId) ? (templatesById[templateId]?.body ?? '') : '';
}

function InspectorForm({ nodeId, raw }: { nodeId: string; raw: Record<string, unknown> }) {
  const headingId = useId();
  const { updateNodeData } = useReactFlow<SendSmsFlowNode>();
  const store = useEditorStoreApi();
  const draft = useMemo(() => readNodeData(raw), [raw]);
  // Variable lists are computed only for nodes an inspector shows.
  useEffect(() => store.getState().watchUpstream(nodeId), [store, nodeId]);
  const data = useSharedFields(draft.data);

  const templates = useEditorStore((s) => s.templates);
  const templateStatus = useEditorStore((s) => s.templateStatus);
  const environment = useEditorStore((s) => s.settings.environment);
  const sampleValues = useEditorStore((s) => s.settings.sampleValues);
  const storageError = useEditorStore((s) => s.storageError);
  const analysisError = useEditorStore((s) => s.analysisError);
  const variables = useEditorStore((s) => s.upstream[nodeId] ?? NO_VARIABLES);
  const diagnostics = useEditorStore((s) => s.diagnostics[nodeId] ?? NO_DIAGNOSTICS);
  const sourceIds = useMemo(() => [...new Set(variables.flatMap((v) => v.sourceNodeIds))], [variables]);
  const nodeLabels = useNodeLabels(sourceIds);
  const declinedConnected = useHandleConnected(nodeId, 'declined');

  // Read when a change is applied rather than captured at render, so callbacks stay stable.
  const pickable = useMemo(() => withSystemVariables(variables), [variables]);
  const latestPickable = useRef(pickable);
  useEffect(() => {
    latestPickable.current = pickable;
  }, [pickable]);
  // Inputs mapped by the inspector itself and untouched since (see autoMapInputs).
  const autoMapped = useRef<ReadonlySet<string>>(new Set());

  /**
   * Applies `change` to the node's latest data: React Flow may hold keystrokes this render has not
   * seen yet. Valid data is written as core's schema outputs it (defaults filled in). Data that does
   * not pass yet (a question being typed) is still written, so the builder's input is never thrown
   * away; validateFlow reports it on the node and in the list below until it is fixed.
   */
  const update = useCallback(
    (change: (current: SendSmsNodeData) => SendSmsNodeData) => {
      updateNodeData(
        nodeId,
        (node) => {
          const next = change(readNodeData(node.data).data);
          const parsed = sendSmsNodeDataSchema.safeParse(next);
          return parsed.success ? parsed.data : next;
        },
        { replace: true },
      );
    },
    [nodeId, updateNodeData],
  );

  /** A new message (typed, or a template picked), with its new inputs mapped where a variable matches. */
  const setMessage = useCallback(
    (message: SendSmsNodeData['message']) =>
      update((current) => {
        const { templatesById } = store.getState();
        const next = { ...current, message };
        const result = autoMapInputs({
          before: bodyOf(current, templatesById),
          after: bodyOf(next, templatesById),
          mapping: current.inputs,
          variables: latestPickable.current,
          autoMapped: autoMapped.current,
        });
        autoMapped.current = result.autoMapped;
        return { ...next, inputs: result.mapping };
      }),
    [update, store],
  );

  // Data saved by an older version is migrated once, when the builder opens the node.
  const outdated = raw.version !== undefined && raw.version !== SEND_SMS_SCHEMA_VERSION;
  useEffect(() => {
    if (outdated && draft.valid) updateNodeData(nodeId, draft.data, { replace: true });
  }, [outdated, draft, nodeId, updateNodeData]);

  const templateId = 'templateId' in data.message ? data.message.templateId : null;
  const template = templateId === null ? undefined : templates.find((t) => t.id === templateId);
  const body = template?.body ?? ('body' in data.message ? data.message.body : '');
  // Said among the problems when the template's text, and so the checks on it, must wait for storage.
  const pendingCheck =
    templateId !== null && !template ? unseenTemplateText(templateStatus, templateId).check : undefined;
  const inputs = useStableList(useMemo(() => templateInputs(body), [body]));
  const mappedInputs = useMemo(() => Object.keys(data.inputs), [data.inputs]);
  const panelDiagnostics = useMemo(
    () => diagnostics.map((d) => ({ field: d.field ?? '', message: d.message, severity: d.severity })),
    [diagnostics],
  );

  const templateActions = useMemo(() => {
    const issues = (result: { ok: true } | { ok: false; errors: FieldIssue[] }) =>
      result.ok ? undefined : result.errors;
    return {
      create: (t: SmsTemplate) => issues(store.getState().createTemplate(t)),
      update: (id: string, t: SmsTemplate) => issues(store.getState().updateTemplate(id, t)),
      duplicate: (id: string) => void store.getState().duplicateTemplate(id),
      remove: (id: string) => void store.getState().deleteTemplate(id),
      setSample: (key: string, value: string) => store.getState().setSampleValue(key, value),
    };
  }, [store]);

  const setBody = useCallback(
    (nextBody: string) => {
      if (template) templateActions.update(template.id, { ...template, body: nextBody });
      else setMessage({ body: nextBody });
    },
    [template, templateActions, setMessage],
  );
  const selectTemplate = useCallback((id: string) => setMessage({ templateId: id }), [setMessage]);
  // Switching to inline keeps the template's text as a starting point. While the library has not
  // loaded that text is unknown, so the node keeps its template rather than become an empty message.
  const switchToInline = useCallback(
    () =>
      update((current) => {
        const { templatesById, templateStatus } = store.getState();
        const unknown =
          'templateId' in current.message && !Object.hasOwn(templatesById, current.message.templateId);
        if (unknown && templateStatus !== 'ready') return current;
        return { ...current, message: { body: bodyOf(current, templatesById) } };
      }),
    [update, store],
  );
  const setInputs = useCallback(
    (mapping: Record<string, InputSource>) =>
      update((current) => {
        autoMapped.current = forgetEdited(autoMapped.current, current.inputs, mapping);
        return { ...current, inputs: mapping };
      }),
    [update],
  );
  const setConsent = useCallback(
    (consent: Consent) => update((current) => ({ ...current, consent })),
    [update],
  );
  const setRecipientTiming = useCallback(
    (patch: RecipientTimingPatch) => update((current) => ({ ...current, ...patch })),
    [update],
  );

  return (
    <section aria-labelledby={headingId} className="fsms-inspector" style={{ display: 'grid', gap: 12 }}>
      <InspectorStyles />
      <h2 id={headingId} style={{ margin: 0, fontSize: 16 }}>
        Send SMS settings
      </h2>
      {storageError ? (
        <p role="alert" className="fsms-error">
          {storageError}
        </p>
      ) : null}
      {analysisError ? (
        <p role="alert" className="fsms-error">
          {analysisError}
        </p>
      ) : null}
      {!draft.valid && outdated ? (
        <p role="alert" className="fsms-error">
          {draft.issues[0]?.message ?? 'This node was saved in a format this version cannot read.'}
        </p>
      ) : null}

      <MemoTemplatePicker
        templates={templates}
        selectedTemplateId={templateId}
        inlineBody={'body' in data.message ? data.message.body : undefined}
        environment={environment}
        templateStatus={templateStatus}
        onSelectTemplate={selectTemplate}
        onUseInline={switchToInline}
        onCreateTemplate={templateActions.create}
        onUpdateTemplate={templateActions.update}
        onDuplicateTemplate={templateActions.duplicate}
        onDeleteTemplate={templateActions.remove}
      />

      {template ? (
        <p className="fsms-hint">
          The message comes from the template “{template.title}”; edit the template to change its text.
        </p>
      ) : templateId === null ? (
        <MessageEditor
          value={body}
          onChange={setBody}
          variables={variables}
          nodeLabels={nodeLabels}
          mappedInputs={mappedInputs}
          maxCharacters={TEMPLATE_BODY_MAX}
          invalid={diagnostics.some((d) => d.field === 'message.body' && d.severity === 'error')}
        />
      ) : null}

      <MemoInputMappingPanel
        inputs={inputs as string[]}
        mapping={data.inputs}
        variables={variables}
        diagnostics={panelDiagnostics}
        nodeLabels={nodeLabels}
        onChange={setInputs}
      />

      <MemoConsentPanel
        consent={data.consent}
        variables={variables}
        declinedConnected={declinedConnected}
        nodeLabels={nodeLabels}
        onChange={setConsent}
      />

      <MemoRecipientTimingPanel
        to={data.to}
        timing={data.timing}
        trigger={data.trigger}
        optOutFooter={data.optOutFooter}
        variables={variables}
        nodeLabels={nodeLabels}
        onChange={setRecipientTiming}
      />

      <MessagePreview
        body={body}
        mapping={data.inputs}
        variables={variables}
        sampleValues={sampleValues}
        onSampleValueChange={templateActions.setSample}
        optOutFooter={data.optOutFooter}
        onBodyChange={setBody}
      />

      <NodeProblems diagnostics={diagnostics} pendingCheck={pendingCheck} />
    </section>
  );
}

const NodeProblems = memo(function NodeProblems({
  diagnostics,
  pendingCheck,
}: {
  diagnostics: readonly FlowDiagnostic[];
  /** Why some checks have not run yet: then the node is not said to be ready. */
  pendingCheck: string | undefined;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="fsms-panel fsms-problems">
      <h3 id={headingId}>Problems</h3>
      {pendingCheck ? (
        <p className="fsms-hint">{pendingCheck}</p>
      ) : diagnostics.length === 0 ? (
        <p className="fsms-hint">No problems: this node is ready to run.</p>
      ) : null}
      {diagnostics.length > 0 ? (
        <ul>
          {diagnostics.map((d) => (
            <li key={`${d.code}:${d.field ?? ''}:${d.message}`} className={`fsms-${d.severity}`}>
              <strong>{d.severity === 'error' ? 'Error' : 'Warning'}:</strong> {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
});
