import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { flowAround, renderCanvas, smsNode } from './plugin-harness';

// The harness's flow: start -> lookup (sets customer.first_name and booking.date) -> sms.
const notRequired = { mode: 'not-required', reason: 'The caller asked for it' } as const;
// CodeMirror ignores keys pressed within 75 ms of its completion list opening.
const completionGuard = () => new Promise((resolve) => setTimeout(resolve, 100));

const inspector = () => within(screen.getByRole('region', { name: 'Send SMS settings' }));
const inputsPanel = () => within(inspector().getByRole('region', { name: 'Inputs' }));
const row = (input: string) => within(inputsPanel().getByRole('group', { name: input }));

async function open(data: Record<string, unknown>) {
  const user = userEvent.setup();
  const canvas = renderCanvas({ ...flowAround(smsNode('sms', data)), inspect: 'sms' });
  // The node's upstream variables have reached the inspector (the recipient picker lists them).
  await inspector().findAllByRole('option', { name: /customer\.first_name/ });
  const inputsOf = () => canvas.flow().getNode('sms')?.data.inputs;
  return { user, inputsOf };
}

async function typeAtEnd(user: ReturnType<typeof userEvent.setup>, keys: string) {
  await user.click(inspector().getByRole('textbox', { name: 'Message' }));
  await user.keyboard(`{Control>}{End}{/Control}${keys}`);
}

function expectMappedTo(input: string, path: string) {
  expect(row(input).getByRole('combobox', { name: 'Source' })).toHaveValue('variable');
  expect(row(input).getByRole('combobox', { name: 'Variable' })).toHaveValue(path);
  expect(row(input).queryByText(/Not mapped/)).not.toBeInTheDocument();
}

describe('inputs named after an upstream variable are mapped to it', () => {
  it('when the token is typed', async () => {
    const { user, inputsOf } = await open({ message: { body: 'Hi' }, consent: notRequired });
    // user-event types a literal "{" as "{{".
    await typeAtEnd(user, ' {{{{customer.first_name}}');

    await waitFor(() =>
      expect(inputsOf()).toEqual({
        'customer.first_name': { kind: 'variable', path: 'customer.first_name' },
      }),
    );
    expectMappedTo('customer.first_name', 'customer.first_name');
    expect(inputsPanel().getByRole('status')).toHaveTextContent('The input is mapped.');
    // The preview reads the mapped variable's sample.
    expect(inspector().getByRole('region', { name: 'Message preview' })).toHaveTextContent('Hi Ada');
  });

  it('when the token is inserted from the {{ completion list', async () => {
    const { user, inputsOf } = await open({ message: { body: 'Your booking:' }, consent: notRequired });
    await typeAtEnd(user, ' {{{{booking');
    await screen.findByRole('listbox', { name: 'Variables' });
    await waitFor(() => expect(screen.getAllByRole('option', { name: /^booking\.date/ })).toHaveLength(1));
    await completionGuard();
    await user.keyboard('{Enter}');

    expect(inspector().getByRole('textbox', { name: 'Message' })).toHaveTextContent(
      'Your booking: {{booking.date}}',
    );
    await waitFor(() =>
      expect(inputsOf()).toEqual({ 'booking.date': { kind: 'variable', path: 'booking.date' } }),
    );
    expectMappedTo('booking.date', 'booking.date');
  });

  it('when a template brings them, leaving inputs no upstream node sets unmapped', async () => {
    const { user, inputsOf } = await open({ message: { body: 'Hello {{nickname}}' }, consent: notRequired });
    await user.click(inspector().getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: /Booking confirmed/ }));

    await waitFor(() =>
      expect(inputsOf()).toEqual({
        'customer.first_name': { kind: 'variable', path: 'customer.first_name' },
        'booking.date': { kind: 'variable', path: 'booking.date' },
      }),
    );
    expectMappedTo('customer.first_name', 'customer.first_name');
    expectMappedTo('booking.date', 'booking.date');

    // Back to an inline message that adds an input nothing upstream sets: it stays unmapped.
    await user.click(inspector().getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: /Inline message/ }));
    await typeAtEnd(user, ' {{{{nickname}}');
    await waitFor(() =>
      expect(inputsPanel().getByRole('status')).toHaveTextContent('1 of 3 inputs not mapped.'),
    );
    expect(row('nickname').getByRole('combobox', { name: 'Variable' })).toHaveValue('');
    expect(inputsOf()).not.toHaveProperty('nickname');
  });

  it('never replaces a mapping the node already has', async () => {
    const { user, inputsOf } = await open({
      message: { body: 'Hi' },
      inputs: { 'customer.first_name': { kind: 'fixed', value: 'Sam' } },
      consent: notRequired,
    });
    await user.click(inspector().getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: /Booking confirmed/ }));

    await waitFor(() => expect(inputsOf()).toHaveProperty('booking.date'));
    expect(inputsOf()).toEqual({
      'customer.first_name': { kind: 'fixed', value: 'Sam' },
      'booking.date': { kind: 'variable', path: 'booking.date' },
    });
    expect(row('customer.first_name').getByRole('combobox', { name: 'Source' })).toHaveValue('fixed');
  });

  it('leaves the builder in charge: a changed or removed auto mapping stays as they left it', async () => {
    const { user, inputsOf } = await open({ message: { body: 'Hi' }, consent: notRequired });
    await typeAtEnd(user, ' {{{{customer.first_name}} on {{{{booking.date}}');
    await waitFor(() => expect(Object.keys(inputsOf() ?? {})).toHaveLength(2));

    // A fixed value instead of the variable...
    await user.selectOptions(row('customer.first_name').getByRole('combobox', { name: 'Source' }), 'fixed');
    await user.type(row('customer.first_name').getByRole('textbox', { name: 'Value' }), 'Sam');
    // ...and no mapping at all (back to "Upstream variable" with none chosen).
    await user.selectOptions(row('booking.date').getByRole('combobox', { name: 'Source' }), 'fixed');
    await user.selectOptions(row('booking.date').getByRole('combobox', { name: 'Source' }), 'variable');
    await waitFor(() => expect(inputsOf()).not.toHaveProperty('booking.date'));

    await typeAtEnd(user, '!');
    await waitFor(() =>
      expect(inspector().getByRole('textbox', { name: 'Message' })).toHaveTextContent(
        /\{\{booking\.date\}\}!$/,
      ),
    );
    expect(inputsOf()).toEqual({ 'customer.first_name': { kind: 'fixed', value: 'Sam' } });
    expect(inputsPanel().getByRole('status')).toHaveTextContent('1 of 2 inputs not mapped.');
    expect(row('booking.date').getByRole('combobox', { name: 'Variable' })).toHaveValue('');
  });

  it('takes back its own mapping when the token is edited away before the builder touched it', async () => {
    const { user, inputsOf } = await open({ message: { body: 'Hi' }, consent: notRequired });
    await typeAtEnd(user, ' {{{{booking.date}}');
    await waitFor(() => expect(inputsOf()).toHaveProperty('booking.date'));

    // Two backspaces leave "{{booking.date" (no token); the mapping goes with it.
    await user.keyboard('{Backspace}{Backspace}');
    await waitFor(() => expect(inputsOf()).toEqual({}));
    expect(inputsPanel().queryByText(/no longer uses/)).not.toBeInTheDocument();
  });
});
