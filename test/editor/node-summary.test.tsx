import { act, waitFor, within } from '@testing-library/react';
import { countSegments, validateFlow } from '../../src/core';
import {
  bookingTemplate,
  catalog,
  flowAround,
  LIVE_SENDER,
  renderCanvas,
  SANDBOX_SENDER,
  smsNode,
} from './plugin-harness';

const notRequired = { mode: 'not-required', reason: 'The caller asked for it' } as const;

function canvasNode(container: HTMLElement, id = 'sms'): HTMLElement {
  const node = container.querySelector(`.react-flow__node[data-id="${id}"]`);
  if (!node) throw new Error(`node ${id} is not on the canvas`);
  return node as HTMLElement;
}

describe('SendSmsNode summary', () => {
  it('shows the template title, the first line rendered with catalog samples, the badge and the sandbox sender', async () => {
    const sms = smsNode('sms', { message: { templateId: 'booking' }, consent: notRequired });
    const { container } = renderCanvas(flowAround(sms));
    const node = within(canvasNode(container));
    expect(node.getByText('Send SMS')).toBeInTheDocument();
    expect(node.getByText('Booking confirmed')).toBeInTheDocument();
    await waitFor(() =>
      expect(node.getByText('Hi Ada, your booking on 12 May is confirmed.')).toBeInTheDocument(),
    );
    expect(node.getByText('GSM-7 · 1 segment')).toBeInTheDocument();
    expect(node.getByText(`From ${SANDBOX_SENDER}`)).toBeInTheDocument();
  });

  it('shows the live sender once the environment is switched', async () => {
    const sms = smsNode('sms', { message: { templateId: 'booking' }, consent: notRequired });
    const { container, plugin } = renderCanvas(flowAround(sms));
    act(() => plugin.store.getState().setEnvironment('live'));
    await waitFor(() =>
      expect(within(canvasNode(container)).getByText(`From ${LIVE_SENDER}`)).toBeInTheDocument(),
    );
  });

  it('says "Inline message" and shows only the first line of a multi-line body', () => {
    const sms = smsNode('sms', { message: { body: 'First line\nSecond line' }, consent: notRequired });
    const { container } = renderCanvas(flowAround(sms));
    const node = within(canvasNode(container));
    expect(node.getByText('Inline message')).toBeInTheDocument();
    expect(node.getByText('First line')).toBeInTheDocument();
    expect(node.queryByText(/Second line/)).toBeNull();
  });

  it('counts a long UCS-2 message with emoji as core does', () => {
    const body = `Gracias 😀 ${'¿Confirmas tu cita? '.repeat(10)}`;
    const { segments } = countSegments(body);
    expect(segments).toBeGreaterThanOrEqual(3);
    const { container } = renderCanvas(
      flowAround(smsNode('sms', { message: { body }, consent: notRequired })),
    );
    expect(within(canvasNode(container)).getByText(`UCS-2 · ${segments} segments`)).toBeInTheDocument();
  });

  it('has a problem badge whose count is what validateFlow reports for the node', async () => {
    // Unknown template and an unconnected branch or two: several diagnostics at once.
    const sms = smsNode('sms', { message: { templateId: 'gone' }, consent: notRequired });
    const graph = flowAround(sms);
    const { container } = renderCanvas(graph);
    const expected = validateFlow(graph, {
      catalog,
      templates: [bookingTemplate],
      environment: 'sandbox',
      senders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
    }).filter((d) => d.nodeId === 'sms').length;
    expect(expected).toBeGreaterThan(1);
    const node = within(canvasNode(container));
    // React Flow keeps nodes hidden until it has measured them, which jsdom never does; the
    // badge's accessible name is its aria-label, so it is found by that.
    expect(await node.findByLabelText(`${expected} problems`)).toHaveAttribute('role', 'img');
    expect(node.getByText('Unknown template “gone”')).toBeInTheDocument();
  });

  it('shows no problem badge for a node with nothing to fix, and one as soon as something breaks', async () => {
    const sms = smsNode('sms', { message: { body: 'See you soon' }, consent: notRequired });
    const edges = ['sent', 'opted_out', 'failed'].map((h) => ({
      id: h,
      source: 'sms',
      sourceHandle: h,
      target: 'start',
    }));
    const { container, flow } = renderCanvas(flowAround(sms, edges));
    const node = within(canvasNode(container));
    await waitFor(() => expect(node.queryByLabelText(/problem/)).toBeNull());
    act(() => flow().updateNodeData('sms', { message: { body: '' } }));
    expect(await node.findByLabelText('1 problem')).toHaveAttribute('role', 'img');
  });
});
