import { type Edge, type Node, type ReactFlowState, useStore } from '@xyflow/react';
import { useDeferredValue, useEffect, useRef } from 'react';
import {
  analyzeAndValidateFlow,
  type FlowAnalysis,
  type FlowDiagnostic,
  type FlowEdge,
  SEND_SMS_NODE_TYPE,
  type SmsTemplate,
  templateInputs,
  type UpstreamVariable,
  type VariableCatalog,
  validateFlow,
} from '../../core';
import { readNodeData } from '../node/read-node-data';
import { sampleKeyFor } from '../preview/sample-values';
import { useEditorStore, useEditorStoreApi } from './context';
import { diagnosticsForLibrary } from './template-readiness';

interface GraphSlice {
  nodes: Node[];
  edges: Edge[];
}

const selectGraph = (state: ReactFlowState): GraphSlice => ({ nodes: state.nodes, edges: state.edges });

/** Equal for analysis purposes: dragging, selecting and measuring change nothing core looks at. */
function sameGraph(a: GraphSlice, b: GraphSlice): boolean {
  if (a.nodes !== b.nodes) {
    if (a.nodes.length !== b.nodes.length) return false;
    for (let i = 0; i < a.nodes.length; i++) {
      const x = a.nodes[i]!;
      const y = b.nodes[i]!;
      if (x !== y && (x.id !== y.id || x.type !== y.type || x.data !== y.data)) return false;
    }
  }
  return sameEdges(a, b);
}

/** Same connections, whatever else about the edges changed (selection, style). */
function sameEdges(a: GraphSlice, b: GraphSlice): boolean {
  if (a.edges !== b.edges) {
    if (a.edges.length !== b.edges.length) return false;
    for (let i = 0; i < a.edges.length; i++) {
      const x = a.edges[i]!;
      const y = b.edges[i]!;
      if (
        x !== y &&
        (x.id !== y.id ||
          x.source !== y.source ||
          x.target !== y.target ||
          x.sourceHandle !== y.sourceHandle ||
          x.targetHandle !== y.targetHandle)
      ) {
        return false;
      }
    }
  }
  return true;
}

/**
 * True when every node sets the same variables in `b` as in `a`, so that an analysis of `a` still
 * answers for `b`: the same nodes in the same order, the same connections, and data changed only
 * on nodes whose catalog entry is a fixed list (a function entry reads the node's data). Typing in
 * a message changes one Send SMS node's data and nothing else, so the analysis is reused.
 */
function sameOutputs(a: GraphSlice, b: GraphSlice, catalog: VariableCatalog): boolean {
  if (!sameEdges(a, b) || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x === y) continue;
    if (x.id !== y.id || x.type !== y.type) return false;
    const type = y.type ?? 'default';
    const readsData = Object.hasOwn(catalog, type) && typeof catalog[type] === 'function';
    if (x.data !== y.data && readsData) return false;
  }
  return true;
}

/** The graph as core reads it: only ids, types, data and connections. */
interface CoreFlow {
  nodes: { id: string; type: string; data: Record<string, unknown> }[];
  edges: FlowEdge[];
}

function toFlow({ nodes, edges }: GraphSlice): CoreFlow {
  return {
    nodes: nodes.map((n) => ({ id: n.id, type: n.type ?? 'default', data: n.data })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      targetHandle: e.targetHandle ?? null,
    })),
  };
}

/**
 * The catalog samples each Send SMS node's message can show on the canvas: only variables that are
 * set upstream of that node, looked up in the one analysis (no per-node variable lists needed).
 */
function samplesByNode(
  flow: CoreFlow,
  analysis: FlowAnalysis,
  templates: Readonly<Record<string, SmsTemplate>>,
): Record<string, Record<string, string>> {
  const wanted = new Set(analysis.sendSmsNodeIds);
  const result: Record<string, Record<string, string>> = {};
  for (const node of flow.nodes) {
    if (!wanted.has(node.id)) continue;
    const { data } = readNodeData(node.data);
    const template = 'templateId' in data.message ? templates[data.message.templateId] : undefined;
    const body = template?.body ?? ('body' in data.message ? data.message.body : '');
    const samples: Record<string, string> = {};
    for (const name of templateInputs(body)) {
      const key = sampleKeyFor(name, Object.hasOwn(data.inputs, name) ? data.inputs[name] : undefined);
      if (key === undefined || analysis.availability(node.id, key) === undefined) continue;
      const sample = analysis.definitionOf(key)?.sample;
      if (sample !== undefined) samples[key] = sample;
    }
    result[node.id] = samples;
  }
  return result;
}

/** The template ids the Send SMS nodes name (read like the nodes themselves, so old data counts). */
function namedTemplateIds(nodes: readonly Node[]): Set<string> {
  const ids = new Set<string>();
  for (const node of nodes) {
    if (node.type !== SEND_SMS_NODE_TYPE) continue;
    const { message } = readNodeData(node.data).data;
    if ('templateId' in message) ids.add(message.templateId);
  }
  return ids;
}

function byNode(diagnostics: readonly FlowDiagnostic[]): Record<string, FlowDiagnostic[]> {
  const grouped: Record<string, FlowDiagnostic[]> = {};
  for (const d of diagnostics) {
    const list = grouped[d.nodeId];
    if (list) list.push(d);
    else grouped[d.nodeId] = [d];
  }
  return grouped;
}

/** The last analysis, kept for as long as the variables every node sets stay the same. */
interface LastAnalysis {
  graph: GraphSlice;
  catalog: VariableCatalog;
  startNodeType: string | undefined;
  analysis: FlowAnalysis;
  upstream: Record<string, UpstreamVariable[]>;
}

/**
 * The one place flow analysis runs: whenever the graph, the templates or the settings change, core
 * analyses and validates the whole flow in one reading (analyzeAndValidateFlow), and the per-node
 * results go into the editor store, where unchanged entries keep their identity (so unaffected nodes
 * stay put).
 *
 * Graph and template changes reach it as deferred values: a keystroke commits and paints the
 * edited node, the message editor and the preview first, and the analysis of the whole flow (tens
 * of milliseconds on a 1,000-node flow) follows in a background render that newer input pre-empts.
 * When only data that sets no variables changed, the previous analysis and the inspector's
 * variable lists are reused, and only validation runs again.
 */
export function FlowAnalysisSync() {
  const store = useEditorStoreApi();
  const currentGraph = useStore(selectGraph, sameGraph);
  const graph = useDeferredValue(currentGraph);
  const templates = useDeferredValue(useEditorStore((s) => s.templatesById));
  // Deferred with the templates it describes, so a library that just loaded is never read as empty.
  const templateStatus = useDeferredValue(useEditorStore((s) => s.templateStatus));
  const watchedKey = useEditorStore((s) => Object.keys(s.watched).join('\u0000'));
  const settings = useEditorStore((s) => s.settings);
  const { catalog, environment, defaultSenders, startNodeType } = settings;
  const last = useRef<LastAnalysis | null>(null);

  // The ids nodes name, for the store to keep new templates off them. Read from the current graph,
  // not the deferred one, so a template created right after a node changed its link already knows.
  // Drags and selection do not change `nodes` here (see sameGraph), and the store is written only
  // when the ids themselves changed, so typing in a message re-renders nothing.
  const { nodes } = currentGraph;
  useEffect(() => store.getState().setReferencedTemplateIds(namedTemplateIds(nodes)), [nodes, store]);

  useEffect(() => {
    const flow = toFlow(graph);
    const context = {
      catalog,
      templates: Object.values(templates),
      environment,
      senders: defaultSenders,
      ...(startNodeType ? { startNodeType } : {}),
    };
    try {
      const previous = last.current;
      const reuse =
        previous !== null &&
        previous.catalog === catalog &&
        previous.startNodeType === startNodeType &&
        sameOutputs(previous.graph, graph, catalog);
      // One reading of the flow for both answers, unless the previous analysis still holds.
      const { analysis, diagnostics } = reuse
        ? { analysis: previous.analysis, diagnostics: validateFlow(flow, context) }
        : analyzeAndValidateFlow(flow, context);
      const upstream: Record<string, UpstreamVariable[]> = {};
      for (const id of watchedKey ? watchedKey.split('\u0000') : []) {
        if (!analysis.sendSmsNodeIds.includes(id)) continue;
        const kept = reuse && Object.hasOwn(previous.upstream, id) ? previous.upstream[id] : undefined;
        upstream[id] = kept ?? analysis.variablesAt(id);
      }
      last.current = { graph, catalog, startNodeType, analysis, upstream };
      const samples = samplesByNode(flow, analysis, templates);
      store.getState().setAnalysis({
        diagnostics: byNode(diagnosticsForLibrary(diagnostics, templateStatus)),
        upstream,
        samples,
        analysisError: undefined,
      });
    } catch (error) {
      last.current = null;
      // A host catalog that throws must not take the canvas down; the inspector shows why.
      const message = error instanceof Error ? error.message : String(error);
      const { diagnostics, upstream, samples } = store.getState();
      store.getState().setAnalysis({
        diagnostics,
        upstream,
        samples,
        analysisError: `Could not analyse the flow: ${message}`,
      });
    }
  }, [
    graph,
    templates,
    templateStatus,
    watchedKey,
    catalog,
    environment,
    defaultSenders,
    startNodeType,
    store,
  ]);

  return null;
}
