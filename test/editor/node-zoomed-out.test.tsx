import { act, render } from '@testing-library/react';
import { ReactFlow, type ReactFlowInstance, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { memoryTemplateStorage } from '../../src/editor';
import { createSendSmsPlugin } from '../../src/plugin';
import { catalog, flowAround, SANDBOX_SENDER, smsNode } from './plugin-harness';

const notRequired = { mode: 'not-required', reason: 'The caller asked for it' } as const;

function InstanceProbe({ onInstance }: { onInstance: (instance: ReactFlowInstance) => void }) {
  onInstance(useReactFlow());
  return null;
}

function renderAtZoom(zoom: number) {
  let instance: ReactFlowInstance | undefined;
  const plugin = createSendSmsPlugin({
    catalog,
    environment: 'sandbox',
    defaultSenders: { sandbox: SANDBOX_SENDER },
    templateStorage: memoryTemplateStorage([]),
  });
  const { nodes, edges } = flowAround(
    smsNode('sms', { message: { body: 'Your table is booked.' }, consent: notRequired }),
  );
  const result = render(
    <ReactFlowProvider>
      <plugin.Provider>
        <div style={{ width: 1000, height: 600 }}>
          <ReactFlow
            defaultNodes={nodes}
            defaultEdges={edges}
            nodeTypes={plugin.nodeTypes}
            minZoom={0.05}
            defaultViewport={{ x: 0, y: 0, zoom }}
          />
        </div>
        <InstanceProbe onInstance={(found) => (instance = found)} />
      </plugin.Provider>
    </ReactFlowProvider>,
  );
  const node = result.container.querySelector('.react-flow__node[data-id="sms"]') as HTMLElement;
  const elementWith = (text: string) => {
    const found = [...node.querySelectorAll<HTMLElement>('*')].find((el) => el.textContent === text);
    if (!found) throw new Error(`no element of the node reads "${text}"`);
    return found;
  };
  const zoomTo = (next: number) => act(() => void instance?.setViewport({ x: 0, y: 0, zoom: next }));
  return { node, zoomTo, textColour: (text: string) => getComputedStyle(elementWith(text)).color };
}

const TRANSPARENT = 'rgba(0, 0, 0, 0)';

// Zoomed far out (the overview of a large flow), the node's 12 px text would be a few pixels high:
// it is not painted (transparent), which halves the cost of panning 1,000 nodes, but it stays in
// the document for screen readers and tooltips.
test('zoomed far out, the node keeps its text for assistive tech but does not paint it', () => {
  const { node, textColour } = renderAtZoom(0.2);
  expect(textColour('Your table is booked.')).toBe(TRANSPARENT);
  expect(textColour('Inline message')).toBe(TRANSPARENT);
  expect(node).toHaveTextContent('Send SMS');
  expect(node).toHaveTextContent('Your table is booked.');
});

test('at a zoom where text can be read, the node paints it, also after zooming back in', async () => {
  const { textColour, zoomTo } = renderAtZoom(0.5);
  expect(textColour('Your table is booked.')).not.toBe(TRANSPARENT);

  await zoomTo(0.2);
  expect(textColour('Your table is booked.')).toBe(TRANSPARENT);
  await zoomTo(0.8);
  expect(textColour('Your table is booked.')).not.toBe(TRANSPARENT);
  expect(textColour('Inline message')).not.toBe(TRANSPARENT);
});
