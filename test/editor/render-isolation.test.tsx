import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type Edge, type Node, type NodeProps, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { Profiler, type ProfilerOnRenderCallback } from 'react';
import { memoryTemplateStorage, type SendSmsFlowNode, SendSmsNode } from '../../src/editor';
import { createSendSmsPlugin } from '../../src/plugin';
import { catalog, SANDBOX_SENDER } from './plugin-harness';

// "Typing in the inspector re-renders only the edited node" (issue 4): every Send SMS node on the
// canvas sits inside a React Profiler, which counts each render of its subtree whatever caused it
// (a store subscription, a prop, a context). The inspector edits the middle node.
const COUNT = 7;
const EDITED = 'sms-3';
const notRequired = { mode: 'not-required', reason: 'The caller asked for it' } as const;
const id = (i: number) => `sms-${i}`;

let renders = new Map<string, number>();
const countRender: ProfilerOnRenderCallback = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);
const takeRenders = () => {
  const taken = renders;
  renders = new Map();
  return taken;
};

function CountedNode(props: NodeProps<SendSmsFlowNode>) {
  return (
    <Profiler id={props.id} onRender={countRender}>
      <SendSmsNode {...props} />
    </Profiler>
  );
}
const nodeTypes = { sendSms: CountedNode };

function renderCanvas() {
  const plugin = createSendSmsPlugin({
    catalog,
    environment: 'sandbox',
    defaultSenders: { sandbox: SANDBOX_SENDER },
    templateStorage: memoryTemplateStorage([]),
  });
  // start -> lookup -> sms-0 -> sms-1 -> ... : every node sees the lookup's variables, and each
  // message reads one, so a change that wrongly reached every node would show on every node.
  const nodes: Node[] = [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'lookup', type: 'lookup', position: { x: 200, y: 0 }, data: {} },
  ];
  const edges: Edge[] = [{ id: 'e-start', source: 'start', target: 'lookup' }];
  for (let i = 0; i < COUNT; i++) {
    nodes.push({
      id: id(i),
      type: 'sendSms',
      position: { x: 400 + i * 300, y: 0 },
      data: {
        // Only the edited node reads booking.date, so a sample typed for it concerns that node alone.
        message: {
          body: `Hi {{customer.first_name}}, message ${i}.${id(i) === EDITED ? ' {{booking.date}}' : ''}`,
        },
        inputs: {
          'customer.first_name': { kind: 'variable', path: 'customer.first_name' },
          'booking.date': { kind: 'variable', path: 'booking.date' },
        },
        consent: notRequired,
      },
    });
    edges.push({
      id: `e-${i}`,
      source: i === 0 ? 'lookup' : `sms-${i - 1}`,
      sourceHandle: i === 0 ? null : 'sent',
      target: `sms-${i}`,
    });
  }
  render(
    <ReactFlowProvider>
      <plugin.Provider>
        <div style={{ width: 1000, height: 600 }}>
          <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} />
        </div>
        <plugin.Inspector nodeId={EDITED} />
      </plugin.Provider>
    </ReactFlowProvider>,
  );
  return plugin;
}

const inspector = () => screen.getByRole('region', { name: 'Send SMS settings' });
const canvasNode = (id: string) =>
  document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement;

/** The node's problem badge, as announced ("2 problems"). */
const problemsOf = (id: string) =>
  within(canvasNode(id))
    .queryByLabelText(/problem/)
    ?.getAttribute('aria-label') ?? '0 problems';

/** Lets the deferred flow analysis of the last change land, so its renders are counted too. */
async function settle(expectedText: string) {
  await waitFor(() => expect(canvasNode(EDITED)).toHaveTextContent(expectedText));
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

function othersThatRendered(counts: Map<string, number>): string[] {
  return [...counts].filter(([id, n]) => id !== EDITED && n > 0).map(([id]) => id);
}

describe('typing in the inspector', () => {
  beforeEach(() => {
    renders = new Map();
  });

  it('re-renders the edited node and no other Send SMS node', async () => {
    const user = userEvent.setup();
    renderCanvas();
    // The upstream variables have reached the inspector (the recipient picker lists them).
    await within(inspector()).findAllByRole('option', { name: /customer\.first_name/ });
    await settle('Hi Ada, message 3. 12 May');
    takeRenders();

    const before = problemsOf(EDITED);
    await user.click(within(inspector()).getByRole('textbox', { name: 'Message' }));
    // Plain text, then an input nothing maps: the edited node's problems change, nobody else's.
    await user.keyboard('{Control>}{End}{/Control} See you, {{{{nickname}}');
    await settle('Hi Ada, message 3. 12 May See you, {{nickname}}');
    await waitFor(() => expect(problemsOf(EDITED)).not.toBe(before));

    const counts = takeRenders();
    expect(counts.get(EDITED) ?? 0).toBeGreaterThan(0);
    expect(othersThatRendered(counts)).toEqual([]);
  });

  it('keeps the other nodes still while the consent reason and a sample value are typed', async () => {
    const user = userEvent.setup();
    renderCanvas();
    await within(inspector()).findAllByRole('option', { name: /customer\.first_name/ });
    await settle('Hi Ada, message 3. 12 May');
    takeRenders();

    const reason = within(inspector()).getByRole('textbox', { name: 'Why no consent is needed' });
    await user.clear(reason);
    await user.type(reason, 'Booked by phone');
    await user.type(within(inspector()).getByRole('textbox', { name: 'Sample for booking.date' }), '3 June');
    await settle('Hi Ada, message 3. 3 June');

    const counts = takeRenders();
    expect(counts.get(EDITED) ?? 0).toBeGreaterThan(0);
    expect(othersThatRendered(counts)).toEqual([]);
  });
});
