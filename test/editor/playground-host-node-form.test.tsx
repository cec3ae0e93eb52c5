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
