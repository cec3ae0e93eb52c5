import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsentHarness } from './consent-harness';

const CALL_DEFAULT = 'May I send you a text message with the details?';
const SMS_DEFAULT = 'Reply YES to get the details by text message, or NO to skip.';

test('the call question left as it came is not sent by SMS: the SMS mode starts from its own question', async () => {
  const user = userEvent.setup();
  // A new node asks the caller with the default question.
  render(
    <ConsentHarness
      initial={{ mode: 'ask', question: CALL_DEFAULT, yes: ['yes'], no: ['no'], retries: 1 }}
    />,
  );
  await user.click(screen.getByRole('radio', { name: 'Ask by SMS and wait for the reply' }));
  expect(screen.getByLabelText('Question sent by SMS')).toHaveValue(SMS_DEFAULT);
});

test('the SMS question left as it came is not spoken to a caller: the call mode starts from its own question', async () => {
  const user = userEvent.setup();
  render(<ConsentHarness initial={{ mode: 'not-required', reason: 'Asked for it' }} />);
  await user.click(screen.getByRole('radio', { name: 'Ask by SMS and wait for the reply' }));
  await user.click(screen.getByRole('radio', { name: 'Ask the caller' }));
  expect(screen.getByLabelText('Question')).toHaveValue(CALL_DEFAULT);
});

test('a question the builder wrote still carries over to the other mode', async () => {
  const user = userEvent.setup();
  render(
    <ConsentHarness
      initial={{ mode: 'ask', question: 'Shall I text you the link?', yes: ['yes'], no: ['no'], retries: 1 }}
    />,
  );
  await user.click(screen.getByRole('radio', { name: 'Ask by SMS and wait for the reply' }));
  expect(screen.getByLabelText('Question sent by SMS')).toHaveValue('Shall I text you the link?');
});
