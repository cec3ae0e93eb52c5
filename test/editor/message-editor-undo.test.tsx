import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorHarness } from './message-editor-harness';

function setup() {
  const onChange = vi.fn<(value: string) => void>();
  const user = userEvent.setup();
  render(<EditorHarness initial="Hi" onChange={onChange} hostText="Welcome to the new flow" />);
  return { user, onChange, editor: screen.getByRole('textbox', { name: 'Message' }) };
}

test('Ctrl+Z undoes what the builder typed', async () => {
  const { user, onChange, editor } = setup();
  await user.click(editor);
  await user.keyboard('{End} there');
  expect(editor).toHaveTextContent('Hi there');
  await user.keyboard('{Control>}z{/Control}');
  expect(editor).toHaveTextContent(/^Hi$/);
  expect(onChange).toHaveBeenLastCalledWith('Hi');
});

test('after the host replaces the text, Ctrl+Z does not bring back the old text', async () => {
  const { user, onChange, editor } = setup();
  await user.click(editor);
  await user.keyboard('{End} there');
  await user.click(screen.getByRole('button', { name: 'Load another flow' }));
  expect(editor).toHaveTextContent('Welcome to the new flow');
  onChange.mockClear();

  await user.click(editor);
  await user.keyboard('{Control>}z{/Control}');
  expect(editor).toHaveTextContent('Welcome to the new flow');
  expect(onChange).not.toHaveBeenCalled();
});
