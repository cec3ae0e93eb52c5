import { render, screen, within } from '@testing-library/react';
import { MessageEditor } from '../../src/editor/inspector';
import { SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

// Flow validation rejects a token named constructor, prototype or __proto__ (or with such a dotted
// part): it can never get a value. The editor showed it as a fine input once mapped, or asked to
// map it (which cannot help), so the builder could not tell which token the error was about.

function problems() {
  return within(screen.getByRole('list', { name: 'Problems in the message' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent);
}

test('a mapped token with a reserved name is marked and listed as an error, with a name to use', () => {
  render(
    <MessageEditor
      value="Hi {{constructor}}, code {{booking.code}}"
      onChange={() => {}}
      variables={SAMPLE_VARIABLES}
      mappedInputs={['constructor', 'booking.code']}
    />,
  );
  expect(problems()).toEqual([
    'Error: “constructor” uses "constructor", a name reserved by JavaScript, so it can never get a value: rename it in the message, such as {{constructor_name}}',
  ]);
  const textbox = screen.getByRole('textbox', { name: 'Message' });
  expect(textbox).toHaveAttribute('aria-invalid', 'true');
  const chip = [...textbox.querySelectorAll('.cm-sms-token')].find(
    (el) => el.textContent === '{{constructor}}',
  );
  expect(chip).toHaveClass('cm-sms-token-unknown');
  expect(chip).toHaveAttribute('title', expect.stringContaining('rename it'));
});

test('an unmapped dotted one says to rename it rather than to map it, in a template body too', () => {
  render(
    <MessageEditor
      value="Hi {{caller.__proto__}}"
      onChange={() => {}}
      variables={SAMPLE_VARIABLES}
      flagUnknownTokens={false}
    />,
  );
  expect(problems()).toEqual([
    'Error: “caller.__proto__” uses "__proto__", a name reserved by JavaScript, so it can never get a value: rename it in the message, such as {{caller.proto_name}}',
  ]);
});
