import {
  addEdge,
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useReactFlow,
} from '@xyflow/react';
import {
  type Environment,
  type FieldIssue,
  type FlowFile,
  flowFileSchema,
  SEND_SMS_NODE_TYPE,
} from 'flow-sms/core';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ConnectionsPanel, type OutputLabel } from './ConnectionsPanel';
import { exampleFlow } from './example-flow';
import { toFlowFile } from './flow-file';
import { HostNodeForm } from './HostNodeForm';
import { hostNodeTypes } from './host-nodes';
import { loadSendSmsPlugin } from './load-plugin';
import { nodeLabel, withAriaLabel } from './node-labels';
import { PALETTE_MIME, Palette, type PaletteEntry } from './Palette';
import { ProblemsList } from './ProblemsList';
import { readSavedFlow, saveFlow } from './saved-flow';
import { TestRunPanel } from './TestRunPanel';
import { Toolbar } from './Toolbar';
import { useLabelledEdges } from './use-labelled-edges';

const { plugin, nodeType } = loadSendSmsPlugin();
/** How long the canvas rests before it is written to this browser's storage. */
const SAVE_AFTER_MS = 300;
// The canvas the builder left at the last page load; the example only for a first visit.
const initialFlow = readSavedFlow() ?? flowFileSchema.parse(exampleFlow);
// The template library belongs to the workspace, and the store has just loaded it from this
// browser's storage: the example's templates only seed a workspace that holds none (nor any entry
// it could not read), so reloading the page never replaces the templates the builder made.
const library = plugin.store.getState();
if (library.templateStatus === 'ready' && library.templates.length === 0 && !library.storageError) {
  library.replaceTemplates(flowFileSchema.parse(exampleFlow).templates);
}
plugin.store.getState().setDefaultSenders(initialFlow.senders);
// The plugin checks senders and previews for the environment the canvas opens in.
plugin.store.getState().setEnvironment(initialFlow.environment ?? 'sandbox');

// Module-level, so React Flow never sees a new nodeTypes object and never remounts nodes.
const nodeTypes = { ...hostNodeTypes, ...plugin.nodeTypes };

const paletteEntries: PaletteEntry[] = [
  { type: 'start', label: 'Start', description: 'Where a call enters the flow.' },
  { type: 'setVariables', label: 'Set variables', description: 'Name/value pairs for later nodes.' },
  ...plugin.paletteItems.map((item) => ({
    type: item.type,
    label: nodeType.label,
    description: item.description,
  })),
  { type: 'end', label: 'End', description: 'Where the flow stops.' },
];

// Branch names come from the manifest, the same place a host reads the node's ports from.
const branchName = (type: string | undefined, handleId: string | null) =>
  type === SEND_SMS_NODE_TYPE
    ? (nodeType.outputs.find((output) => output.id === handleId)?.label ?? null)
    : null;
const outputLabel: OutputLabel = (type, handleId) => branchName(type, handleId) ?? 'Output';

function initialData(type: string): Record<string, unknown> {
  const pluginItem = plugin.paletteItems.find((item) => item.type === type);
  if (pluginItem) return pluginItem.createData() as Record<string, unknown>;
  if (type === 'setVariables') return { values: { first_name: 'Ana' } };
  return {};
}

let nextId = 1;
const newNodeId = (type: string) => `${type}-${Date.now().toString(36)}-${nextId++}`;
const labelled = (nodes: readonly Node[]) => nodes.map(withAriaLabel);

function Builder() {
  const [nodes, setNodes] = useState<Node[]>(() => labelled(initialFlow.nodes as Node[]));
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initialFlow.edges as Edge[]);
  const [environment, setEnvironment] = useState<Environment>(initialFlow.environment ?? 'sandbox');
  const { screenToFlowPosition, toObject, setViewport, getViewport, fitView } = useReactFlow();
  const canvasRef = useRef<HTMLElement>(null);
  const selected = nodes.find((node) => node.selected);

  // Labels follow the data (an End node's label), so they are refreshed on every change.
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((current) => labelled(applyNodeChanges(changes, current))),
    [],
  );

  /**
   * A node deleted with the keyboard takes the focus with it, and focus fell to the page: it moves to
   * the node the deleted one came from (else the first node left, else the palette), so the builder
   * goes on from where they were. Nothing moves if focus is somewhere else (a click elsewhere).
   */
  const onNodesDelete = useCallback(
    (deleted: Node[]) => {
      const gone = new Set(deleted.map((node) => node.id));
      const upstream = edges.find((edge) => gone.has(edge.target) && !gone.has(edge.source))?.source;
      requestAnimationFrame(() => {
        const { activeElement, body } = document;
        if (activeElement && activeElement !== body) return;
        const canvas = canvasRef.current;
        const next =
          (upstream
            ? canvas?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(upstream)}"]`)
            : null) ??
          canvas?.querySelector<HTMLElement>('.react-flow__node') ??
          document.querySelector<HTMLElement>('.palette__item');
        next?.focus();
      });
    },
    [edges],
  );

  const onConnect = useCallback(
    (connection: Connection) => setEdges((current) => addEdge(connection, current)),
    [setEdges],
  );

  /** Without a drop point (keyboard), new nodes go to the canvas centre, each a little lower. */
  const canvasCentre = useCallback(() => {
    const box = canvasRef.current?.getBoundingClientRect();
    const step = (nextId % 6) * 24;
    return screenToFlowPosition({
      x: (box ? box.left + box.width / 2 : window.innerWidth / 2) + step,
      y: (box ? box.top + box.height / 2 : window.innerHeight / 2) + step,
    });
  }, [screenToFlowPosition]);

  const addNode = useCallback(
    (type: string, position = canvasCentre()) => {
      const node = withAriaLabel({
        id: newNodeId(type),
        type,
        position,
        data: initialData(type),
        selected: true,
      } as Node);
      setNodes((current) => [...current.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    },
    [canvasCentre],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      addNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [addNode, screenToFlowPosition],
  );

  const flowFile = useCallback((): FlowFile => {
    const { templates, settings } = plugin.store.getState();
    return toFlowFile(toObject(), { environment, templates, senders: settings.defaultSenders });
  }, [toObject, environment]);

  // Every change to the canvas is kept in this browser, so reloading the page (or closing it by
  // mistake) brings back the flow being built rather than the example. A drag changes the nodes on
  // every frame, so the canvas is written once it rests, and at once when the page goes away.
  const pendingSave = useRef<(() => void) | null>(null);
  useEffect(() => {
    const save = () => {
      pendingSave.current = null;
      const { settings } = plugin.store.getState();
      try {
        const { templates: _t, ...canvas } = toFlowFile(
          { nodes, edges, viewport: getViewport() },
          { environment, templates: [], senders: settings.defaultSenders },
        );
        saveFlow(canvas);
      } catch {
        // A canvas that is not a flow file yet (mid-edit) is kept at the next change.
      }
    };
    pendingSave.current = save;
    const timer = setTimeout(save, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [nodes, edges, environment, getViewport]);
  useEffect(() => {
    const flush = () => pendingSave.current?.();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  const changeEnvironment = useCallback((next: Environment) => {
    setEnvironment(next);
    plugin.store.getState().setEnvironment(next);
  }, []);

  /** Opens a flow file; returns what kept it from opening, in which case nothing has changed. */
  const loadFlow = useCallback(
    (file: FlowFile): FieldIssue[] | undefined => {
      // The library takes the file's templates all or nothing. When it refuses them (an id used
      // twice), the canvas keeps its flow: the file's nodes would name templates the library lacks.
      const replaced = plugin.store.getState().replaceTemplates(file.templates);
      if (!replaced.ok) {
        return replaced.errors.map((issue) => ({
          ...issue,
          field: issue.field ? `templates.${issue.field}` : 'templates',
        }));
      }
      plugin.store.getState().setDefaultSenders(file.senders);
      setNodes(labelled(file.nodes as Node[]));
      setEdges(file.edges as Edge[]);
      if (file.environment) changeEnvironment(file.environment);
      if (file.viewport) setViewport(file.viewport);
      else requestAnimationFrame(() => fitView());
      return undefined;
    },
    [setEdges, setViewport, fitView, changeEnvironment],
  );

  /** A blank canvas with only a Start node; the templates stay, as they belong to the workspace. */
  const newFlow = useCallback(() => {
    setNodes([withAriaLabel({ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} } as Node)]);
    setEdges([]);
    setViewport({ x: 80, y: 120, zoom: 1 });
  }, [setEdges, setViewport]);

  // The plugin already analyses the flow whenever its graph, templates or settings change (not on
  // every drag frame); the problems list reads that result instead of validating a second time.
  const diagnosticsByNode = useStore(plugin.store, (state) => state.diagnostics);
  const problems = useMemo(() => Object.values(diagnosticsByNode).flat(), [diagnosticsByNode]);
  const labels = useMemo(() => new Map(nodes.map((node) => [node.id, nodeLabel(node)])), [nodes]);
  const labelledEdges = useLabelledEdges(edges, nodes, labels, branchName);
  const selectNode = useCallback(
    (nodeId: string) =>
      setNodes((current) =>
        current.map((node) =>
          node.selected === (node.id === nodeId) ? node : { ...node, selected: node.id === nodeId },
        ),
      ),
    [],
  );

  return (
    <div className="app">
      <Toolbar
        environment={environment}
        onEnvironmentChange={changeEnvironment}
        getFlow={flowFile}
        onLoad={loadFlow}
        onNew={newFlow}
        problems={
          <ProblemsList problems={problems} nodeName={(id) => labels.get(id) ?? id} onSelect={selectNode} />
        }
      />
      <Palette entries={paletteEntries} onAdd={(type) => addNode(type)} />
      <main
        ref={canvasRef}
        className="canvas"
        onDragOver={(event) => event.preventDefault()}
        onDrop={onDrop}
        aria-label="Flow canvas"
      >
        <ReactFlow
          nodes={nodes}
          edges={labelledEdges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onNodesDelete={onNodesDelete}
          fitView
          fitViewOptions={{ padding: 0.15 }}
          deleteKeyCode={['Backspace', 'Delete']}
        >
          <Background />
          <Controls />
          <MiniMap pannable zoomable ariaLabel="Flow overview" />
        </ReactFlow>
      </main>
      <aside className="inspector" aria-label="Inspector">
        {selected?.type === SEND_SMS_NODE_TYPE ? (
          <plugin.Inspector nodeId={selected.id} />
        ) : selected ? (
          <HostNodeForm node={selected as never} />
        ) : (
          <p className="inspector__empty">
            Select a node to edit it: click it, or Tab to it on the canvas and press Enter.
          </p>
        )}
        {selected ? (
          <ConnectionsPanel
            node={selected}
            nodes={nodes}
            edges={edges}
            outputLabel={outputLabel}
            onChange={setEdges}
          />
        ) : null}
      </aside>
      <TestRunPanel getFlow={flowFile} nodeName={(id) => labels.get(id) ?? id} />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <plugin.Provider>
        <Builder />
      </plugin.Provider>
    </ReactFlowProvider>
  );
}
