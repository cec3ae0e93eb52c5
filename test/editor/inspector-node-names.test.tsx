import { screen, waitFor, within } from '@testing-library/react';
import { flowAround, renderCanvas, smsNode } from './plugin-harness';

const notRequired = { mode: 'not-required', reason: 'The caller asked for the link' } as const;

describe('upstream nodes named in the inspector', () => {
  it('a host node without a data label is named by the ariaLabel the host gave it, not by its type and id', async () => {
    const flow = flowAround(
      smsNode('sms', { message: { body: 'Hi {{customer.first_name}}' }, consent: notRequired }),
    );
    // The host names its nodes for people (and screen readers) with React Flow's ariaLabel.
    const nodes = flow.nodes.map((node) =>
      node.id === 'lookup' ? { ...node, data: {}, ariaLabel: 'Customer lookup' } : node,
    );
    renderCanvas({ ...flow, nodes, inspect: 'sms' });
    const inputs = within(screen.getByRole('region', { name: 'Inputs' }));
    const select = inputs.getByRole('combobox', { name: 'Variable' });
    await waitFor(() => expect(select.querySelector('optgroup')).not.toBeNull());
    const groups = [...select.querySelectorAll('optgroup')].map((group) => group.label);
    expect(groups).toContain('From Customer lookup');
    expect(groups.join(' ')).not.toMatch(/lookup \(lookup\)/);
  });
});
