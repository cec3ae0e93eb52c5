// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are message bodies; ${name} is a token syntax under test
import { screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { completionGuard, openEditorAt } from './message-editor-harness';

// Choosing a variable while the caret is inside an existing token must replace that token's name
// and nothing else: whatever the completion leaves behind parses as plain text, raises no
// diagnostic and would be sent to the recipient as written.

const editAt = openEditorAt;

async function typeAndChoose(user: ReturnType<typeof userEvent.setup>, typed: string) {
  await user.keyboard(typed);
  await screen.findByRole('listbox', { name: 'Variables' });
  await completionGuard();
  await user.keyboard('{Enter}');
}

test('retyping the name of a token with a fallback keeps the fallback and the closing braces', async () => {
  const body = 'Hi {{caller.email | "there"}}!';
  const { user, onChange, view } = await editAt(body, 5, 5 + 'caller.email'.length);
  await typeAndChoose(user, 'caller.fi');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{caller.first_name | "there"}}!');
  // The caret lands after the whole token, as it does for a token completed from scratch.
  expect(view.state.selection.main.head).toBe('Hi {{caller.first_name | "there"}}'.length);
});

test('choosing in the middle of a closed token replaces the whole name without doubling the braces', async () => {
  const { user, onChange } = await editAt('Hi {{caller.email}}!', 5, 5 + 'caller'.length);
  // Now "Hi {{caller.fi.email}}!" with the caret after "fi": ".email" is still part of the name.
  await typeAndChoose(user, 'caller.fi');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{caller.first_name}}!');
});

test('a spaced token keeps its fallback, and only blanks before the braces are tidied away', async () => {
  const { user, onChange } = await editAt('A {{ caller.em | "you" }} and {{ caller.em }}.', 14);
  await typeAndChoose(user, 'ai');
  expect(onChange).toHaveBeenLastCalledWith('A {{caller.email | "you" }} and {{ caller.em }}.');
  await user.keyboard('{End}{ArrowLeft}{ArrowLeft}{ArrowLeft}{ArrowLeft}');
  await typeAndChoose(user, 'ai');
  expect(onChange).toHaveBeenLastCalledWith('A {{caller.email | "you" }} and {{caller.email}}.');
});

test('an unclosed token at the end of the text gets its closing braces', async () => {
  const { user, onChange } = await editAt('Hi ', 3);
  await typeAndChoose(user, '{{{{cal');
  expect(onChange).toHaveBeenLastCalledWith(expect.stringMatching(/^Hi \{\{caller\.[a-z_]+\}\}$/));
});

test('an unclosed token before more text is closed right after the name, leaving the text alone', async () => {
  // The name ends at the blank: everything after it is the sentence the builder already wrote.
  const { user, onChange } = await editAt('Hi {{cal see you soon', 8);
  await typeAndChoose(user, 'ler.fi');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{caller.first_name}} see you soon');
});

test('the next token on the line is never part of the name', async () => {
  const { user, onChange } = await editAt('Hi {{cal{{booking.code}}', 8);
  await typeAndChoose(user, 'ler.fi');
  expect(onChange).toHaveBeenLastCalledWith('Hi {{caller.first_name}}{{booking.code}}');
});

test('pasted <name> and ${name} tokens completed mid-name become one canonical token', async () => {
  const { user, onChange, view } = await editAt('To <caller.e> or ${calleremail}.', 'To <caller.e'.length);
  await typeAndChoose(user, 'm');
  expect(onChange).toHaveBeenLastCalledWith('To {{caller.email}} or ${calleremail}.');
  view.dispatch({ selection: { anchor: 'To {{caller.email}} or ${caller'.length } });
  await typeAndChoose(user, '.f');
  expect(onChange).toHaveBeenLastCalledWith('To {{caller.email}} or {{caller.first_name}}.');
});

test('an entity: token completed mid-name keeps its fallback', async () => {
  const { user, onChange } = await editAt(
    'On {{entity:booking.dat | "soon"}}',
    'On {{entity:booking.d'.length,
  );
  await typeAndChoose(user, 'a');
  expect(onChange).toHaveBeenLastCalledWith('On {{booking.date | "soon"}}');
});
