import { type NodeProps, type NodeTypes, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createSendSmsPlugin } from 'flow-sms/plugin';
import { Profiler, type ProfilerOnRenderCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { bigCatalog, buildCanvas, EDITED_NODE, readScenario } from './scenarios';

/**
 * What the benchmark reads back through `window.__bench`: when the canvas first showed every node,
 * frame intervals, keystroke-to-preview latencies and how often each node's subtree rendered.
 */
interface BenchProbe {
  firstRenderMs?: number;
  error?: string;
  renders: Record<string, number>;
  frames: number[];
  latencies: number[];
  startFrames(): void;
  stopFrames(): number[];
  /** The next keystroke counts once the preview text ends with `suffix`. */
  expectPreview(suffix: string): void;
  takeRenders(): Record<string, number>;
}

declare global {
  interface Window {
    __bench: BenchProbe;
  }
}

const scenario = readScenario(location.search);
const { nodes, edges } = buildCanvas(scenario);

const probe: BenchProbe = {
  renders: {},
  frames: [],
  latencies: [],
  startFrames() {
    probe.frames = [];
    let last = performance.now();
    recording = true;
    const tick = (now: number) => {
      if (!recording) return;
      probe.frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  },
  stopFrames() {
    recording = false;
    return probe.frames.slice(1);
  },
  expectPreview(suffix) {
    expected = suffix;
  },
  takeRenders() {
    const taken = probe.renders;
    probe.renders = {};
    return taken;
  },
};
window.__bench = probe;
let recording = false;
let expected: string | null = null;
let keyAt: number | null = null;

/** The message as the preview shows it, without the segment numbers it puts at each part boundary. */
function previewText(): string {
  const bubble = document.querySelector('[data-testid="message-preview-text"]');
  if (!bubble) return '';
  let text = '';
  const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('.fsms-segment-boundary')) text += node.nodeValue ?? '';
  }
  return text;
}

// Keystroke to preview: from the keydown event to the first frame after the preview shows the key.
document.addEventListener(
  'keydown',
  (event) => {
    keyAt = event.timeStamp;
  },
  true,
);
new MutationObserver(() => {
  if (keyAt === null || expected === null) return;
  if (!previewText().endsWith(expected)) return;
  const started = keyAt;
  keyAt = null;
  expected = null;
  requestAnimationFrame(() => probe.latencies.push(performance.now() - started));
}).observe(document.body, { subtree: true, childList: true, characterData: true });

const countRender: ProfilerOnRenderCallback = (id) => {
  probe.renders[id] = (probe.renders[id] ?? 0) + 1;
};

const plugin = createSendSmsPlugin({
  catalog: scenario.kind === 'inspector' ? bigCatalog(scenario.variables) : {},
  environment: 'sandbox',
  defaultSenders: { sandbox: '+15005550006', live: '+14155550100' },
  templateStorage: { load: () => [], save: () => undefined },
});

const SendSmsNode = plugin.nodeTypes.sendSms;
/** The plugin's node inside a Profiler: every render of its subtree is counted, whatever caused it. */
function CountedSendSmsNode(props: NodeProps) {
  return (
    <Profiler id={props.id} onRender={countRender}>
      <SendSmsNode {...(props as Parameters<typeof SendSmsNode>[0])} />
    </Profiler>
  );
}
const nodeTypes: NodeTypes = { sendSms: CountedSendSmsNode };

function Canvas() {
  return <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} fitView minZoom={0.05} />;
}

function App() {
  if (scenario.kind === 'default') {
    return (
      <div className="bench bench--canvas-only">
        <Canvas />
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <plugin.Provider>
        <div className={scenario.kind === 'inspector' ? 'bench' : 'bench bench--canvas-only'}>
          <Canvas />
          {scenario.kind === 'inspector' ? (
            <aside>
              <plugin.Inspector nodeId={EDITED_NODE} />
            </aside>
          ) : null}
        </div>
      </plugin.Provider>
    </ReactFlowProvider>
  );
}

/** First render: from render() until every node is in the DOM, measured and visible, then one frame. */
function watchFirstRender(started: number) {
  const expectedNodes = nodes.length;
  const check = () => {
    const rendered = document.querySelectorAll('.react-flow__node');
    const visible =
      rendered.length === expectedNodes &&
      [...rendered].every((node) => (node as HTMLElement).style.visibility !== 'hidden');
    if (visible) requestAnimationFrame(() => (probe.firstRenderMs = performance.now() - started));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

window.addEventListener('error', (event) => {
  probe.error = String(event.error ?? event.message);
});

const started = performance.now();
createRoot(document.getElementById('root')!).render(<App />);
watchFirstRender(started);
