import {
  addEdge,
  Background,
  type Connection,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
} from '@xyflow/react';
import { type Environment, type FlowFile, flowFileSchema, SEND_SMS_NODE_TYPE } from 'flow-sms/core';
import { type DragEvent, useCallback, useMemo, useState } from 'react';
import { exampleFlow } from './example-flow';
import { HostNodeForm } from './HostNodeForm';
import { hostNodeTypes } from './host-nodes';
import { loadSendSmsPlugin } from './load-plugin';
import { PALETTE_MIME, Palette, type PaletteEntry } from './Palette';
import { ProblemsList } from './ProblemsList';
import { TestRunPanel } from './TestRunPanel';
import { Toolbar } from './Toolbar';

const { plugin, nodeType } = loadSendSmsPlugin();
const initialFlow = flowFileSchema.parse(exampleFlow);
plugin.store.getState().replaceTemplates(initialFlow.templates);

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

function initialData(type: string): Record<string, unknown> {
  const pluginItem = plugin.paletteItems.find((item) => item.type === type);
  if (pluginItem) return pluginItem.createData() as Record<string, unknown>;
  if (type === 'setVariables') return { values: { first_name: 'Ana' } };
  return {};
}

let nextId = 1;
const newNodeId = (type: string) => `${type}-${Date.now().toString(36)}-${nextId++}`;

function Builder() {
  const [nodes, setNodes, onNodesChange] = useNodesState<Node>(initialFlow.nodes as Node[]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initialFlow.edges as Edge[]);
  const [environment, setEnvironment] = useState<Environment>(initialFlow.environment ?? 'sandbox');
  const { screenToFlowPosition, toObject, setViewport } = useReactFlow();
  const selected = nodes.find((node) => node.selected);

  const onConnect = useCallback(
    (connection: Connection) => setEdges((current) => addEdge(connection, current)),
    [setEdges],
  );

  const addNode = useCallback(
    (
      type: string,
      position = screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 }),
    ) => {
      const node: Node = { id: newNodeId(type), type, position, data: initialData(type), selected: true };
      setNodes((current) => [...current.map((n) => ({ ...n, selected: false })), node]);
    },
    [screenToFlowPosition, setNodes],
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
    const { nodes: savedNodes, edges: savedEdges, viewport } = toObject();
    return flowFileSchema.parse({
      nodes: savedNodes.map(
        ({ selected: _selected, dragging: _dragging, measured: _measured, ...rest }) => rest,
      ),
      edges: savedEdges.map(({ selected: _selected, ...rest }) => rest),
      viewport,
      environment,
      templates: plugin.store.getState().templates,
      senders: initialFlow.senders,
    });
  }, [toObject, environment]);

  const loadFlow = useCallback(
    (file: FlowFile) => {
      plugin.store.getState().replaceTemplates(file.templates);
      setNodes(file.nodes as Node[]);
      setEdges(file.edges as Edge[]);
      if (file.environment) setEnvironment(file.environment);
      if (file.viewport) setViewport(file.viewport);
    },
    [setNodes, setEdges, setViewport],
  );

  const changeEnvironment = (next: Environment) => {
    setEnvironment(next);
    plugin.store.getState().setEnvironment(next);
  };

  const problems = useMemo(() => plugin.validate({ nodes, edges }), [nodes, edges]);
  const selectNode = (nodeId: string) =>
    setNodes((current) => current.map((node) => ({ ...node, selected: node.id === nodeId })));

  return (
    <div className="app">
      <Toolbar
        environment={environment}
        onEnvironmentChange={changeEnvironment}
        getFlow={flowFile}
        onLoad={loadFlow}
        problems={<ProblemsList problems={problems} onSelect={selectNode} />}
      />
      <Palette entries={paletteEntries} onAdd={(type) => addNode(type)} />
      <main
        className="canvas"
        onDragOver={(event) => event.preventDefault()}
        onDrop={onDrop}
        aria-label="Flow canvas"
      >
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          fitView
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
          <p className="inspector__empty">Select a node to edit it.</p>
        )}
      </aside>
      <TestRunPanel getFlow={flowFile} />
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
