import { EditorView } from '@codemirror/view';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { MessageEditor } from '../../src/editor/inspector';
import { manyVariables } from '../../stories/inspector-fixtures';
import { completionGuard, EditorHarness } from './message-editor-harness';

function setup(initial = '') {
  const onChange = vi.fn<(value: string) => void>();
  const user = userEvent.setup();
  render(<EditorHarness initial={initial} onChange={onChange} />);
  return { user, onChange, textbox: screen.getByRole('textbox', { name: 'Message' }) };
}

const viewOf = (textbox: HTMLElement) => {
  const view = EditorView.findFromDOM(textbox);
  if (!view) throw new Error('no CodeMirror view around the text box');
  return view;
};

test('the message is an accessible multi-line text box labelled "Message"', () => {
  const { textbox } = setup('Hi');
  expect(textbox).toHaveAttribute('aria-multiline', 'true');
  expect(textbox).toHaveAccessibleDescription(/2 characters · GSM-7 · 1 segment/);
});

test('keyboard only: Tab in, type {{, filter, move with the arrows, Enter inserts the canonical token', async () => {
  const { user, onChange, textbox } = setup();
  await user.tab();
  expect(textbox).toHaveFocus();
  // user-event writes a literal "{" as "{{".
  await user.keyboard('Hi {{{{');
  const list = await screen.findByRole('listbox', { name: 'Variables' });
  expect(textbox).toHaveAttribute('aria-controls', list.id);

  // Grouped by source node, system fields last, and partial variables marked.
  const headers = [...list.querySelectorAll('completion-section')].map((h) => h.textContent);
  expect(headers).toEqual([
    'From Collect details',
    'From Book appointment',
    'From CRM lookup',
    'System fields',
  ]);
  expect(
    within(list).getByRole('option', { name: /booking\.date.*set only on some paths/ }),
  ).toBeInTheDocument();

  await user.keyboard('bookcode');
  // Fuzzy: the typed letters need not be adjacent. (CodeMirror redraws the list, so query it again.)
  await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
  expect(screen.getByRole('option')).toHaveTextContent(/^booking\.code/);
  await completionGuard();
  await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');

  expect(onChange).toHaveBeenLastCalledWith('Hi {{booking.code}}');
  expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  // The caret ends after the token, so typing goes on from there.
  await user.keyboard('!');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{booking.code}}!');
});

test('Tab accepts the highlighted variable and replaces a <name> or $-brace trigger with {{name}}', async () => {
  const { user, onChange, textbox } = setup();
  await user.click(textbox);
  await user.keyboard('Dear <caller.em');
  await screen.findByRole('listbox', { name: 'Variables' });
  await completionGuard();
  await user.keyboard('{Tab}');
  expect(onChange).toHaveBeenLastCalledWith('Dear {{caller.email}}');
  expect(textbox).toHaveFocus();

  await user.keyboard(' at ${{crm.sms');
  await screen.findByRole('listbox', { name: 'Variables' });
  await completionGuard();
  await user.keyboard('{Enter}');
  expect(onChange).toHaveBeenLastCalledWith('Dear {{caller.email}} at {{crm.sms_consent}}');
});

test('completing inside an existing {{}} replaces the braces instead of doubling them', async () => {
  const { user, onChange, textbox } = setup('Hi {{}}!');
  await user.click(textbox);
  viewOf(textbox).dispatch({ selection: { anchor: 5 } }); // between the braces
  await user.keyboard('caller.first');
  await screen.findByRole('listbox', { name: 'Variables' });
  await completionGuard();
  await user.keyboard('{Enter}');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{caller.first_name}}!');
});

test('in React strict mode there is one editor, and typing works', async () => {
  const onChange = vi.fn();
  const user = userEvent.setup();
  render(
    <StrictMode>
      <EditorHarness onChange={onChange} />
    </StrictMode>,
  );
  expect(screen.getAllByRole('textbox')).toHaveLength(1);
  await user.click(screen.getByRole('textbox', { name: 'Message' }));
  await user.keyboard('Hello there');
  expect(onChange).toHaveBeenLastCalledWith('Hello there');
});

test('Escape closes the list without inserting anything', async () => {
  const { user, onChange, textbox } = setup();
  await user.click(textbox);
  await user.keyboard('{{{{');
  await screen.findByRole('listbox', { name: 'Variables' });
  await completionGuard();
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  expect(onChange).toHaveBeenLastCalledWith('{{');
});

test('ordinary text such as "a < 5" does not open the list', async () => {
  const { user, textbox } = setup();
  await user.click(textbox);
  await user.keyboard('a < 5');
  await completionGuard();
  expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
});

test('a thousand variables stay searchable', async () => {
  const onChange = vi.fn();
  const user = userEvent.setup();
  render(<MessageEditor value="" onChange={onChange} variables={manyVariables(1200)} />);
  await user.click(screen.getByRole('textbox', { name: 'Message' }));
  await user.keyboard('{{{{field_1177');
  await screen.findByRole('listbox', { name: 'Variables' });
  await waitFor(() => expect(screen.getAllByRole('option')[0]).toHaveTextContent(/^step_02\.field_1177/));
});

test('tokens are chips; unknown and malformed tokens are underlined with the reason', () => {
  setup('Hi {{caller.first_name}}, code {{nobody.here}} and {{ }} then {{booking.date}}');
  const chips = document.querySelectorAll('.cm-sms-token');
  expect([...chips].map((chip) => chip.textContent)).toEqual([
    '{{caller.first_name}}',
    '{{nobody.here}}',
    '{{booking.date}}',
  ]);
  const unknown = document.querySelector('.cm-sms-token-unknown');
  expect(unknown).toHaveTextContent('{{nobody.here}}');
  expect(unknown?.getAttribute('title')).toMatch(/No upstream node sets “nobody.here”/);
  expect(document.querySelector('.cm-sms-malformed')?.getAttribute('title')).toBeTruthy();

  const problems = screen.getByRole('list', { name: 'Problems in the message' });
  const items = within(problems)
    .getAllByRole('listitem')
    .map((item) => item.textContent);
  expect(items).toHaveLength(3);
  expect(items[0]).toMatch(/^Error: No upstream node sets “nobody.here”/);
  expect(items[1]).toMatch(/^Error: /);
  expect(items[2]).toMatch(/^Warning: “booking.date” is set only on some paths/);
  const textbox = screen.getByRole('textbox', { name: 'Message' });
  expect(textbox).toHaveAttribute('aria-invalid', 'true');
  expect(textbox).toHaveAccessibleDescription(/No upstream node sets “nobody.here”/);
});

test('the counter follows the text: characters, encoding and segments', async () => {
  const { user, textbox } = setup('Hello');
  expect(screen.getByText('5 characters · GSM-7 · 1 segment')).toBeInTheDocument();
  await user.click(textbox);
  await user.keyboard('{End} 👋');
  expect(screen.getByText('7 characters · UCS-2 · 1 segment')).toBeInTheDocument();
});

test('with a token in it, the counter counts the text as written and leaves segments to the preview', async () => {
  const { user, textbox } = setup('Hi');
  await user.click(textbox);
  // As written this is UCS-2 (the emoji); a first name rendered in its place decides nothing.
  await user.keyboard('{End} {{{{caller.first_name}} 👋');
  expect(
    screen.getByText('26 characters as written · encoding and segments in the preview'),
  ).toBeInTheDocument();
  expect(screen.queryByText(/UCS-2/)).toBeNull();
});

test('a long message with an emoji counts as UCS-2 with 3 segments', () => {
  // 174 UTF-16 units: more than two 67-unit parts hold.
  setup(`👋 ${'x'.repeat(170)}`);
  expect(screen.getByText('172 characters · UCS-2 · 3 segments')).toBeInTheDocument();
});

test('an update from outside replaces the text and keeps the caret where it was', async () => {
  const onChange = vi.fn();
  const user = userEvent.setup();
  const { rerender } = render(<MessageEditor value="Hello world" onChange={onChange} variables={[]} />);
  const textbox = screen.getByRole('textbox', { name: 'Message' });
  const view = viewOf(textbox);
  await user.click(textbox);
  view.dispatch({ selection: { anchor: 8 } }); // inside "world"
  rerender(<MessageEditor value="Oh, Hello world" onChange={onChange} variables={[]} />);
  expect(view.state.doc.toString()).toBe('Oh, Hello world');
  expect(view.state.selection.main.head).toBe(12);
  // The update came from the parent, so it is not echoed back.
  expect(onChange).not.toHaveBeenCalled();
});
