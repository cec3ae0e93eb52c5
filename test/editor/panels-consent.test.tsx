import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Consent } from '../../src/core/schemas/consent';
import { askTheCaller, ConsentHarness } from './consent-harness';

function setup(initial: Consent, declinedConnected = false) {
  const onChange = vi.fn<(consent: Consent) => void>();
  const user = userEvent.setup();
  render(<ConsentHarness initial={initial} declinedConnected={declinedConnected} onChange={onChange} />);
  return { user, onChange, group: screen.getByRole('radiogroup', { name: 'Consent' }) };
}

const diagramBranches = () =>
  within(screen.getByRole('figure', { name: 'Where each outcome goes' }))
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('data-branch'));

test('the four modes are radios in a group labelled "Consent"', () => {
  const { group } = setup({ mode: 'not-required', reason: 'Caller asked for the link' });
  expect(
    within(group)
      .getAllByRole('radio')
      .map((radio) => radio.getAttribute('value')),
  ).toEqual(['not-required', 'variable', 'ask', 'sms-reply']);
  expect(within(group).getByRole('radio', { name: 'Not required' })).toBeChecked();
  expect(screen.getByLabelText('Why no consent is needed')).toHaveValue('Caller asked for the link');
});

test('switching modes with the keyboard emits each mode’s own shape, with the schema’s defaults', async () => {
  const { user, onChange, group } = setup({ mode: 'not-required', reason: 'Caller asked' });
  await user.click(within(group).getByRole('radio', { name: 'Not required' }));
  await user.keyboard('{ArrowDown}');
  expect(onChange).toHaveBeenLastCalledWith({ mode: 'variable', path: '' });
  expect(screen.getByText('Choose the variable that records whether the caller agreed')).toBeInTheDocument();

  await user.selectOptions(screen.getByLabelText('Variable holding the caller’s consent'), 'crm.sms_consent');
  expect(onChange).toHaveBeenLastCalledWith({ mode: 'variable', path: 'crm.sms_consent' });

  await user.click(within(group).getByRole('radio', { name: 'Already collected' }));
  await user.keyboard('{ArrowDown}');
  expect(onChange).toHaveBeenLastCalledWith({
    mode: 'ask',
    question: 'May I send you a text message with the details?',
    yes: ['yes', 'yeah', 'sure', 'ok', 'please do'],
    no: ['no', 'nope', "don't", 'no thanks'],
    retries: 1,
  });

  // The call's default question does not fit an SMS: the SMS mode starts from its own, with its timeout.
  await user.keyboard('{ArrowDown}');
  expect(onChange).toHaveBeenLastCalledWith({
    mode: 'sms-reply',
    question: 'Reply YES to get the details by text message, or NO to skip.',
    timeoutSeconds: 300,
  });
  expect(screen.getByLabelText('Wait for the reply (seconds)')).toHaveAccessibleDescription('5 minutes');

  // Going back restores what was there before, instead of defaults.
  await user.click(within(group).getByRole('radio', { name: 'Not required' }));
  expect(onChange).toHaveBeenLastCalledWith({ mode: 'not-required', reason: 'Caller asked' });
});

test('ask-the-caller settings: question, phrases, retries', async () => {
  const { user, onChange } = setup(askTheCaller(1));
  const yes = screen.getByLabelText('Phrases meaning yes');
  await user.clear(yes);
  await user.type(yes, 'yes, sure thing,');
  expect(yes).toHaveValue('yes, sure thing,');
  expect(onChange).toHaveBeenLastCalledWith({
    mode: 'ask',
    question: 'Text you?',
    yes: ['yes', 'sure thing'],
    no: ['no'],
    retries: 1,
  });
  const retries = screen.getByLabelText('Retries when the answer is unclear');
  await user.clear(retries);
  await user.type(retries, '9');
  expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ retries: 9 }));
  expect(retries).toHaveAccessibleDescription(/less than or equal to 5|at most 5|<=5/i);
});

test('validation errors show on the field: empty reason, too short a timeout', async () => {
  const { user } = setup({ mode: 'not-required', reason: 'x' });
  await user.clear(screen.getByLabelText('Why no consent is needed'));
  expect(screen.getByLabelText('Why no consent is needed')).toHaveAccessibleDescription(
    /must say why no consent is needed/,
  );
  await user.click(screen.getByRole('radio', { name: 'Ask by SMS and wait for the reply' }));
  const timeout = screen.getByLabelText('Wait for the reply (seconds)');
  await user.clear(timeout);
  await user.type(timeout, '5');
  expect(timeout).toHaveAttribute('aria-invalid', 'true');
  expect(timeout).toHaveAccessibleDescription(/must be at least 10 seconds/);
});

test('the diagram shows the declined branch only when consent is asked, and warns when it is unconnected', async () => {
  const { user } = setup({ mode: 'not-required', reason: 'Caller asked' });
  expect(diagramBranches()).toEqual(['sent', 'opted_out', 'failed']);
  expect(screen.queryByText(/Declined branch is not connected/)).not.toBeInTheDocument();

  await user.click(screen.getByRole('radio', { name: 'Ask the caller' }));
  expect(diagramBranches()).toEqual(['declined', 'sent', 'opted_out', 'failed']);
  expect(screen.getByText(/says a no phrase, or gives no clear answer after 1 retry/)).toBeInTheDocument();
  expect(screen.getByRole('note')).toHaveTextContent(/Declined branch is not connected/);
});

test('no warning when the declined branch is connected', () => {
  setup({ mode: 'sms-reply', question: 'Reply YES', timeoutSeconds: 600 }, true);
  expect(screen.queryByRole('note')).not.toBeInTheDocument();
  expect(screen.getByText(/or none comes within 10 minutes/)).toBeInTheDocument();
});
