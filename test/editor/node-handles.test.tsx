import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Consent } from '../../src/core';
import { flowAround, renderCanvas, smsNode, sourceHandleIds } from './plugin-harness';

const consents: Record<Consent['mode'], Consent> = {
  'not-required': { mode: 'not-required', reason: 'The caller asked for the link' },
  variable: { mode: 'variable', path: 'customer.first_name' },
  ask: { mode: 'ask', question: 'May I text you?', yes: ['yes'], no: ['no'], retries: 1 },
  'sms-reply': { mode: 'sms-reply', question: 'Reply YES for the link', timeoutSeconds: 300 },
};

const node = (consent: Consent) =>
  smsNode('sms', { message: { body: 'Your link: https://x.test' }, consent });

describe('SendSmsNode handles', () => {
  it.each([
    ['not-required', ['sent', 'opted_out', 'failed']],
    ['variable', ['sent', 'declined', 'opted_out', 'failed']],
    ['ask', ['sent', 'declined', 'opted_out', 'failed']],
    ['sms-reply', ['sent', 'declined', 'opted_out', 'failed']],
  ] as const)('consent %s shows source handles %j, each labelled', (mode, expected) => {
    const { container } = renderCanvas(flowAround(node(consents[mode])));
    expect(sourceHandleIds(container, 'sms')).toEqual(expected);
    const canvasNode = container.querySelector('.react-flow__node[data-id="sms"]') as HTMLElement;
    const labels = { sent: 'Sent', declined: 'Declined', opted_out: 'Opted out', failed: 'Failed' };
    for (const id of expected) expect(within(canvasNode).getByText(labels[id])).toBeInTheDocument();
    expect(within(canvasNode).queryByText('Declined') !== null).toBe(expected.includes('declined' as never));
    expect(canvasNode.querySelectorAll('.react-flow__handle.target')).toHaveLength(1);
  });

  it('adds the declined handle when consent becomes asked, and removes it and its edge when it no longer is', async () => {
    const edges = [
      { id: 'to-end', source: 'sms', sourceHandle: 'sent', target: 'lookup' },
      { id: 'to-sorry', source: 'sms', sourceHandle: 'declined', target: 'start' },
    ];
    const flowGraph = flowAround(node(consents.ask), edges);
    const { container, flow } = renderCanvas(flowGraph);
    expect(sourceHandleIds(container, 'sms')).toContain('declined');

    act(() => flow().updateNodeData('sms', { consent: consents['not-required'] }));
    await waitFor(() => expect(sourceHandleIds(container, 'sms')).not.toContain('declined'));
    await waitFor(() =>
      expect(
        flow()
          .getEdges()
          .map((e) => e.id),
      ).not.toContain('to-sorry'),
    );
    expect(
      flow()
        .getEdges()
        .map((e) => e.id),
    ).toContain('to-end');

    act(() => flow().updateNodeData('sms', { consent: consents['sms-reply'] }));
    await waitFor(() => expect(sourceHandleIds(container, 'sms')).toContain('declined'));
  });

  it('switching the consent radio in the inspector updates the node on the canvas', async () => {
    const user = userEvent.setup();
    const edges = [{ id: 'to-sorry', source: 'sms', sourceHandle: 'declined', target: 'start' }];
    const { container, flow } = renderCanvas({ ...flowAround(node(consents.ask), edges), inspect: 'sms' });
    const inspector = screen.getByRole('region', { name: 'Send SMS settings' });

    await user.click(within(inspector).getByRole('radio', { name: /not required/i }));
    await waitFor(() => expect(sourceHandleIds(container, 'sms')).toEqual(['sent', 'opted_out', 'failed']));
    await waitFor(() =>
      expect(
        flow()
          .getEdges()
          .some((e) => e.id === 'to-sorry'),
      ).toBe(false),
    );

    await user.click(within(inspector).getByRole('radio', { name: /ask the caller/i }));
    await waitFor(() => expect(sourceHandleIds(container, 'sms')).toContain('declined'));
  });

  it('wires a branch from the keyboard: Enter on a branch, then Enter on the input of another node', async () => {
    // jsdom has no layout, so nothing is under the pointer: React Flow then uses the handle itself
    // (and, unmeasured, the nodes stay hidden, so handles are found by their labels, not their roles).
    Object.defineProperty(document, 'elementFromPoint', { value: () => null, configurable: true });
    try {
      const user = userEvent.setup();
      const { container, flow } = renderCanvas({
        nodes: [node(consents['not-required']), smsNode('next', { message: { body: 'Thanks' } }, 800)],
      });
      const canvasNode = (id: string) =>
        container.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement;
      const sent = within(canvasNode('sms')).getByLabelText('Sent branch');
      const input = within(canvasNode('next')).getByLabelText('Send SMS input');
      expect(sent).toHaveAttribute('role', 'button');
      expect(sent).toHaveAttribute('tabindex', '0');
      expect(input).toHaveAttribute('tabindex', '0');

      sent.focus();
      await user.keyboard('{Enter}');
      input.focus();
      await user.keyboard(' ');

      // The input handle has the id the manifest gives hosts, so edges they write by hand connect too.
      await waitFor(() =>
        expect(flow().getEdges()).toEqual([
          expect.objectContaining({
            source: 'sms',
            sourceHandle: 'sent',
            target: 'next',
            targetHandle: 'in',
          }),
        ]),
      );
      expect(flow().getNode('sms')?.selected).toBeFalsy();
    } finally {
      Reflect.deleteProperty(document, 'elementFromPoint');
    }
  });
});
