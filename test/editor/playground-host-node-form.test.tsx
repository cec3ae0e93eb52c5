import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactFlowProvider, useNodes } from '@xyflow/react';
import { HostNodeForm } from '../../playground/src/HostNodeForm';
import type { SetVariablesNode } from '../../playground/src/host-nodes';

/** The form edits its node through React Flow's store, as in the playground. */
function SelectedNodeForm() {
  const [node] = useNodes<SetVariablesNode>();
  return node ? <HostNodeForm node={node} /> : null;
}

function setup(values: Record<string, string>) {
  const node: SetVariablesNode = {
    id: 'vars',
    type: 'setVariables',
    position: { x: 0, y: 0 },
    data: { values },
  };
  render(
    <ReactFlowProvider defaultNodes={[node]}>
      <SelectedNodeForm />
    </ReactFlowProvider>,
  );
  return userEvent.setup();
}

test('removing a variable by keyboard leaves focus on the next row’s remove button, else the heading', async () => {
  const user = setup({ first: '1', second: '2', third: '3' });
  const form = screen.getByRole('region', { name: 'Set variables settings' });
  const remove = (name: string) => within(form).getByRole('button', { name: `Remove ${name}` });
  remove('second').focus();
  await user.keyboard('{Enter}');
  expect(within(form).queryByRole('button', { name: 'Remove second' })).not.toBeInTheDocument();
  expect(document.activeElement).toBe(remove('third'));
  await user.keyboard('{Enter}');
  expect(document.activeElement).toBe(remove('first'));
  await user.keyboard('{Enter}');
  expect(within(form).queryByRole('button', { name: /^Remove / })).not.toBeInTheDocument();
  expect(document.activeElement).toBe(within(form).getByRole('heading', { name: 'Set variables' }));
});

/** The rows as a person reads them: each variable's name and value fields. */
function rows(form: HTMLElement) {
  return within(form)
    .getAllByRole('group', { name: /^Variable \d+$/ })
    .map((row) => [
      (within(row).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value,
      (within(row).getByRole('textbox', { name: 'Value' }) as HTMLInputElement).value,
    ]);
}

test('Add variable picks a name no row has, so an existing variable keeps its value', async () => {
  const user = setup({ variable_2: 'Harbor Dental' });
  const form = screen.getByRole('region', { name: 'Set variables settings' });
  await user.click(within(form).getByRole('button', { name: 'Add variable' }));
  expect(rows(form)).toEqual([
    ['variable_2', 'Harbor Dental'],
    ['variable_3', ''],
  ]);
  await user.click(within(form).getByRole('button', { name: 'Add variable' }));
  expect(rows(form).map(([name]) => name)).toEqual(['variable_2', 'variable_3', 'variable_4']);
});

test('renaming a variable to a name another row has is refused on that field, and both values stay', async () => {
  const user = setup({ first_name: 'Ana', clinic: 'Harbor Dental' });
  const form = screen.getByRole('region', { name: 'Set variables settings' });
  const second = within(form).getByRole('group', { name: 'Variable 2' });
  const name = within(second).getByRole('textbox', { name: 'Name' });
  await user.clear(name);
  await user.type(name, 'first_name');
  await user.tab();

  expect(name).toBeInvalid();
  expect(name).toHaveAccessibleDescription(
    'Another variable is already named "first_name": choose a different name',
  );
  expect(within(second).getByRole('alert')).toHaveTextContent('already named "first_name"');
  expect(rows(form)).toEqual([
    ['first_name', 'Ana'],
    ['first_name', 'Harbor Dental'],
  ]);
  // Nothing was renamed: the row is still the clinic variable.
  expect(within(form).getByRole('button', { name: 'Remove clinic' })).toBeInTheDocument();

  // A free name is taken as usual, and the error goes.
  await user.clear(name);
  await user.type(name, 'place{Enter}');
  expect(name).toBeValid();
  expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
  expect(rows(form)).toEqual([
    ['first_name', 'Ana'],
    ['place', 'Harbor Dental'],
  ]);
  expect(within(form).getByRole('button', { name: 'Remove place' })).toBeInTheDocument();
});
