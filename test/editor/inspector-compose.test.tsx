import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { SEND_SMS_SCHEMA_VERSION } from '../../src/core';
import { flowAround, renderCanvas, smsNode } from './plugin-harness';

const notRequired = { mode: 'not-required', reason: 'The caller asked for the link' } as const;

function inspector() {
  return screen.getByRole('region', { name: 'Send SMS settings' });
}

function canvasNode(container: HTMLElement, id = 'sms'): HTMLElement {
  return container.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement;
}

describe('SendSmsInspector', () => {
  it('a new template made from a node with an inline message starts from that message', async () => {
    const user = userEvent.setup();
    renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'Your table is ready.' }, consent: notRequired })),
      inspect: 'sms',
    });
    const panel = within(inspector());
    await user.click(panel.getByRole('button', { name: 'New template' }));
    const form = within(panel.getByRole('form', { name: 'New template' }));
    expect(form.getByRole('textbox', { name: 'Body' })).toHaveTextContent('Your table is ready.');
  });

  it('composes the template picker, message, inputs, consent, recipient, preview and problems', async () => {
    renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'Hi {{first_name}}' }, consent: notRequired })),
      inspect: 'sms',
    });
    const panel = within(inspector());
    expect(panel.getByRole('combobox', { name: 'Template' })).toHaveValue('Inline message');
    expect(panel.getByRole('textbox', { name: 'Message' })).toHaveTextContent('Hi {{first_name}}');
    expect(panel.getByRole('radiogroup', { name: 'Consent' })).toBeInTheDocument();
    expect(panel.getByRole('region', { name: 'Message preview' })).toBeInTheDocument();
    expect(panel.getByRole('heading', { name: 'Inputs' })).toBeInTheDocument();
    // The unmapped input, read as the variable of the same name, which nothing sets.
    const problems = panel.getByRole('region', { name: 'Problems' });
    await waitFor(() => expect(within(problems).getAllByRole('listitem').length).toBeGreaterThan(0));
  });

  it('choosing a template writes it into the node data and the canvas node shows it', async () => {
    const user = userEvent.setup();
    const { container, flow } = renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'Hello' }, consent: notRequired })),
      inspect: 'sms',
    });
    await user.click(within(inspector()).getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: /Booking confirmed/ }));
    expect(flow().getNode('sms')?.data.message).toEqual({ templateId: 'booking' });
    expect(within(canvasNode(container)).getByText('Booking confirmed')).toBeInTheDocument();
    // The template's body is previewed with the catalog's samples.
    const preview = within(inspector()).getByRole('region', { name: 'Message preview' });
    await waitFor(() => expect(preview).toHaveTextContent('Hi Ada, your booking on 12 May is confirmed.'));
  });

  it('writes valid changes with defaults filled in, and keeps half-typed ones with their problem listed', async () => {
    const user = userEvent.setup();
    const { flow } = renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'Hello' }, consent: notRequired })),
      inspect: 'sms',
    });
    await user.click(within(inspector()).getByRole('radio', { name: /ask the caller/i }));
    const data = flow().getNode('sms')?.data as {
      consent: { mode: string; yes?: string[] };
      version: number;
    };
    expect(data.consent.mode).toBe('ask');
    expect(data.version).toBe(SEND_SMS_SCHEMA_VERSION);

    act(() =>
      flow().updateNodeData('sms', {
        consent: { mode: 'ask', question: '', yes: ['yes'], no: ['no'], retries: 1 },
      }),
    );
    const problems = within(inspector()).getByRole('region', { name: 'Problems' });
    await waitFor(() => expect(problems).toHaveTextContent(/The field "Consent question" must not be empty/));
    expect(within(inspector()).getByRole('radio', { name: /ask the caller/i })).toBeChecked();
  });

  it('mapping an input writes the node data; the preview and the canvas node show the sample', async () => {
    const user = userEvent.setup();
    const { container, flow } = renderCanvas({
      ...flowAround(
        smsNode('sms', { message: { body: 'Hi {{name}}, code {{code}}' }, consent: notRequired }),
      ),
      inspect: 'sms',
    });
    const panel = within(inspector());
    const name = panel.getByRole('group', { name: 'name' });
    await waitFor(() =>
      expect(
        within(within(name).getByLabelText('Variable')).getByRole('option', { name: /First name/ }),
      ).toBeInTheDocument(),
    );
    await user.selectOptions(within(name).getByLabelText('Variable'), 'customer.first_name');
    const code = panel.getByRole('group', { name: 'code' });
    await user.selectOptions(within(code).getByLabelText('Source'), 'Fixed value');
    await user.type(within(code).getByLabelText('Value'), 'K7Q2');

    expect(flow().getNode('sms')?.data.inputs).toEqual({
      name: { kind: 'variable', path: 'customer.first_name' },
      code: { kind: 'fixed', value: 'K7Q2' },
    });
    const preview = panel.getByRole('region', { name: 'Message preview' });
    expect(within(preview).getByTestId('message-preview-text')).toHaveTextContent('Hi Ada, code K7Q2');
    await waitFor(() =>
      expect(within(canvasNode(container)).getByText('Hi Ada, code K7Q2')).toBeInTheDocument(),
    );
  });

  it('migrates version 1 node data when the node is opened', async () => {
    const old = {
      version: 1,
      text: 'Your code is {{code}}',
      variables: { code: 'booking.code' },
      requireConsent: false,
    };
    const { flow } = renderCanvas({ ...flowAround(smsNode('sms', old)), inspect: 'sms' });
    await waitFor(() =>
      expect(flow().getNode('sms')?.data).toMatchObject({
        version: 2,
        message: { body: 'Your code is {{code}}' },
      }),
    );
    expect(flow().getNode('sms')?.data.inputs).toEqual({ code: { kind: 'variable', path: 'booking.code' } });
  });

  it('the preview look-alike fix rewrites the inline message of the node', async () => {
    const user = userEvent.setup();
    const { flow } = renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'See you – soon' }, consent: notRequired })),
      inspect: 'sms',
    });
    const preview = within(inspector()).getByRole('region', { name: 'Message preview' });
    await user.click(within(preview).getByRole('button', { name: /Use GSM look-alike for –/ }));
    expect(flow().getNode('sms')?.data.message).toEqual({ body: 'See you - soon' });
    expect(within(preview).getByText('GSM-7')).toBeInTheDocument();
  });

  it('shows why the flow could not be analysed when the host catalog fails', async () => {
    renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'x' }, consent: notRequired })),
      inspect: 'sms',
      plugin: {
        catalog: {
          lookup: () => {
            throw new Error('CRM schema unavailable');
          },
        },
      },
    });
    expect(await within(inspector()).findByRole('alert')).toHaveTextContent(
      'Could not analyse the flow: Variable catalog entry "lookup" failed for node lookup: CRM schema unavailable',
    );
  });

  it('says so when the node is missing or is not a Send SMS node', () => {
    renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'x' }, consent: notRequired })),
      inspect: 'lookup',
    });
    expect(inspector()).toHaveTextContent('Node lookup is not a Send SMS node.');
  });

  it('has no serious or critical axe violations', { timeout: 60_000 }, async () => {
    renderCanvas({
      ...flowAround(
        smsNode('sms', {
          message: { templateId: 'booking' },
          inputs: { 'customer.first_name': { kind: 'variable', path: 'customer.first_name' } },
          consent: { mode: 'ask', question: 'May I text you the details?' },
        }),
      ),
      inspect: 'sms',
    });
    await waitFor(() =>
      expect(within(inspector()).getByRole('region', { name: 'Problems' })).toBeInTheDocument(),
    );
    const result = await axe.run(inspector(), {
      rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
    });
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
