import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { InputSource } from '../../src/core/schemas/input-source';
import { InputMappingPanel, type PanelDiagnostic } from '../../src/editor/inspector';
import { NODE_LABELS, SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

function Harness(props: {
  inputs: string[];
  initial?: Record<string, InputSource>;
  diagnostics?: PanelDiagnostic[];
  onChange: (mapping: Record<string, InputSource>) => void;
}) {
  const [mapping, setMapping] = useState(props.initial ?? {});
  return (
    <InputMappingPanel
      inputs={props.inputs}
      mapping={mapping}
      variables={SAMPLE_VARIABLES}
      nodeLabels={NODE_LABELS}
      diagnostics={props.diagnostics}
      onChange={(next) => {
        setMapping(next);
        props.onChange(next);
      }}
    />
  );
}

function setup(props: Omit<Parameters<typeof Harness>[0], 'onChange'>) {
  const onChange = vi.fn<(mapping: Record<string, InputSource>) => void>();
  const user = userEvent.setup();
  render(<Harness {...props} onChange={onChange} />);
  return { user, onChange };
}

test('each input is a row labelled by its name, and unmapped inputs are flagged', () => {
  setup({ inputs: ['customer_name', 'link'] });
  for (const name of ['customer_name', 'link']) {
    const row = screen.getByRole('group', { name });
    expect(within(row).getByText(/Not mapped: choose a variable or a fixed value/)).toBeInTheDocument();
    expect(within(row).getByLabelText('Variable')).toHaveAttribute('aria-invalid', 'true');
  }
  expect(screen.getByRole('status')).toHaveTextContent('2 of 2 inputs not mapped.');
});

test('mapping an input to an upstream variable with a fallback, and another to a fixed value', async () => {
  const { user, onChange } = setup({ inputs: ['customer_name', 'link'] });
  const name = screen.getByRole('group', { name: 'customer_name' });
  const variable = within(name).getByLabelText('Variable');
  // The variables are grouped by the node that sets them.
  expect(within(variable).getByRole('group', { name: 'From Collect details' })).toBeInTheDocument();
  expect(within(variable).getByRole('group', { name: 'System fields' })).toBeInTheDocument();
  await user.selectOptions(variable, 'caller.first_name');
  expect(onChange).toHaveBeenLastCalledWith({
    customer_name: { kind: 'variable', path: 'caller.first_name' },
  });
  expect(within(name).queryByText(/Not mapped/)).not.toBeInTheDocument();

  await user.type(within(name).getByLabelText('Fallback (optional)'), 'there');
  expect(onChange).toHaveBeenLastCalledWith({
    customer_name: { kind: 'variable', path: 'caller.first_name', fallback: 'there' },
  });

  const link = screen.getByRole('group', { name: 'link' });
  await user.selectOptions(within(link).getByLabelText('Source'), 'Fixed value');
  await user.type(within(link).getByLabelText('Value'), 'https://x.io/b');
  expect(onChange).toHaveBeenLastCalledWith({
    customer_name: { kind: 'variable', path: 'caller.first_name', fallback: 'there' },
    link: { kind: 'fixed', value: 'https://x.io/b' },
  });
  expect(screen.getByRole('status')).toHaveTextContent('All 2 inputs are mapped.');
});

test('a fixed value left blank is flagged on its Value field until a value is typed', async () => {
  const { user } = setup({ inputs: ['code'] });
  const row = screen.getByRole('group', { name: 'code' });
  await user.selectOptions(within(row).getByLabelText('Source'), 'Fixed value');
  const value = within(row).getByLabelText('Value');
  expect(within(row).getByText(/The fixed value is empty: type the value/)).toBeInTheDocument();
  expect(value).toHaveAttribute('aria-invalid', 'true');
  // Spaces are no value either: the executor would fail the send as missing this input.
  await user.type(value, '  ');
  expect(value).toHaveAttribute('aria-invalid', 'true');
  await user.type(value, 'K7');
  expect(within(row).queryByText(/fixed value is empty/)).not.toBeInTheDocument();
  expect(value).not.toHaveAttribute('aria-invalid');
});

test('a variable set only on some paths asks for a fallback; flow diagnostics show on their row', () => {
  setup({
    inputs: ['date', 'name'],
    initial: {
      date: { kind: 'variable', path: 'booking.date' },
      name: { kind: 'variable', path: 'gone.name' },
    },
    diagnostics: [
      { field: 'inputs.name', message: 'gone.name is not set before this node', severity: 'error' },
    ],
  });
  expect(
    within(screen.getByRole('group', { name: 'date' })).getByText(
      /booking.date is set only on some paths: add a fallback/,
    ),
  ).toBeInTheDocument();
  const name = screen.getByRole('group', { name: 'name' });
  expect(within(name).getByText('Error: gone.name is not set before this node')).toBeInTheDocument();
  // A path that is no longer upstream stays selected, marked, rather than silently dropped.
  expect(within(name).getByLabelText('Variable')).toHaveDisplayValue('gone.name · not available upstream');
});

test('rows with diagnostics from core show those instead of the panel’s own checks', () => {
  setup({
    inputs: ['name'],
    diagnostics: [
      {
        field: 'inputs.name',
        message: 'Input "name" is not mapped, so the message always shows its fallback "there"',
        severity: 'warning',
      },
    ],
  });
  const row = screen.getByRole('group', { name: 'name' });
  expect(within(row).getByRole('listitem')).toHaveTextContent(/^Warning: Input "name" is not mapped/);
  expect(within(row).queryByText(/Not mapped: choose/)).not.toBeInTheDocument();
  expect(within(row).getByLabelText('Variable')).not.toHaveAttribute('aria-invalid');
});

test('switching a mapped input back to a variable leaves it unmapped until one is chosen', async () => {
  const { user, onChange } = setup({ inputs: ['code'], initial: { code: { kind: 'fixed', value: 'K7' } } });
  const row = screen.getByRole('group', { name: 'code' });
  await user.selectOptions(within(row).getByLabelText('Source'), 'Upstream variable');
  expect(onChange).toHaveBeenLastCalledWith({});
  expect(within(row).getByText(/Not mapped/)).toBeInTheDocument();
});

test('mappings for inputs the message no longer uses can be removed', async () => {
  const { user, onChange } = setup({
    inputs: ['code'],
    initial: { code: { kind: 'fixed', value: 'K7' }, old: { kind: 'fixed', value: 'x' } },
  });
  await user.click(screen.getByRole('button', { name: 'Remove mapping for old' }));
  expect(onChange).toHaveBeenLastCalledWith({ code: { kind: 'fixed', value: 'K7' } });
});

test('removing a stale mapping by keyboard leaves focus on the next remove button, else the heading', async () => {
  const { user } = setup({
    inputs: [],
    initial: {
      a: { kind: 'fixed', value: '1' },
      b: { kind: 'fixed', value: '2' },
      c: { kind: 'fixed', value: '3' },
    },
  });
  const remove = (name: string) => screen.getByRole('button', { name: `Remove mapping for ${name}` });
  remove('b').focus();
  await user.keyboard('{Enter}');
  expect(document.activeElement).toBe(remove('c'));
  await user.keyboard('{Enter}');
  expect(document.activeElement).toBe(remove('a'));
  await user.keyboard('{Enter}');
  expect(screen.queryByRole('button', { name: /Remove mapping/ })).not.toBeInTheDocument();
  expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Inputs' }));
});
