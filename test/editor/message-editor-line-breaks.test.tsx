import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorHarness } from './message-editor-harness';

// A message saved with Windows line breaks (\r\n: a flow file written on Windows, a host's API)
// showed a blank line after each break, and the first keystroke saved that blank line.

test('a message with \\r\\n line breaks shows them as single line breaks and keeps them single', async () => {
  const onChange = vi.fn<(value: string) => void>();
  const user = userEvent.setup();
  render(<EditorHarness initial={'Hi {{caller.first_name}}\r\nSee you soon'} onChange={onChange} />);
  const textbox = screen.getByRole('textbox', { name: 'Message' });
  expect([...textbox.querySelectorAll('.cm-line')].map((line) => line.textContent)).toEqual([
    'Hi {{caller.first_name}}',
    'See you soon',
  ]);

  await user.click(textbox);
  await user.keyboard('{Control>}{End}{/Control}!');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{caller.first_name}}\nSee you soon!');
});
