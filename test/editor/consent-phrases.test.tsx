import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsentHarness } from './consent-harness';

test('a phrase listed as both a yes and a no is flagged on both fields: the caller’s “no” could count as consent', async () => {
  const user = userEvent.setup();
  render(
    <ConsentHarness
      initial={{ mode: 'ask', question: 'Text you?', yes: ['yes', 'sure'], no: ['no', 'nope'], retries: 1 }}
    />,
  );
  const yes = screen.getByLabelText('Phrases meaning yes');
  const no = screen.getByLabelText('Phrases meaning no');
  expect(yes).not.toHaveAttribute('aria-invalid');

  await user.type(yes, ', No');
  expect(yes).toHaveAttribute('aria-invalid', 'true');
  expect(yes).toHaveAccessibleDescription(/"No" is also a phrase meaning no/);
  expect(no).toHaveAttribute('aria-invalid', 'true');
  expect(no).toHaveAccessibleDescription(/"no" is also a phrase meaning yes/);

  await user.type(yes, '{Backspace}{Backspace}{Backspace}{Backspace}');
  expect(yes).toHaveValue('yes, sure');
  expect(yes).not.toHaveAttribute('aria-invalid');
  expect(no).not.toHaveAttribute('aria-invalid');
});

test('the same phrase twice in one list is harmless and not flagged', async () => {
  const user = userEvent.setup();
  render(
    <ConsentHarness initial={{ mode: 'ask', question: 'Text you?', yes: ['yes'], no: ['no'], retries: 1 }} />,
  );
  const yes = screen.getByLabelText('Phrases meaning yes');
  await user.type(yes, ', YES');
  expect(yes).not.toHaveAttribute('aria-invalid');
});
