import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Consent } from '../../src/core/schemas/consent';
import { askTheCaller, ConsentHarness } from './consent-harness';

function setup(initial: Consent) {
  const onChange = vi.fn<(consent: Consent) => void>();
  const user = userEvent.setup();
  render(<ConsentHarness initial={initial} onChange={onChange} />);
  return { user, onChange };
}

const diagram = () => screen.getByRole('figure', { name: 'Where each outcome goes' });
const emitted = (onChange: ReturnType<typeof setup>['onChange']) => onChange.mock.calls.map(([c]) => c);

test('clearing the retries box says what to enter, and never puts a non-number into the node', async () => {
  const { user, onChange } = setup(askTheCaller(2));
  const retries = screen.getByLabelText('Retries when the answer is unclear');
  await user.clear(retries);
  expect(retries).toHaveValue(null);
  expect(retries).toHaveAttribute('aria-invalid', 'true');
  expect(retries).toHaveAccessibleDescription('Enter a whole number from 0 to 5.');
  // JSON has no NaN: a saved flow would come back with null, which no field can show.
  for (const consent of emitted(onChange)) {
    expect(consent.mode === 'ask' && Number.isFinite(consent.retries)).toBe(true);
  }
  expect(diagram()).not.toHaveTextContent(/NaN/);

  await user.type(retries, '3');
  expect(retries).toHaveValue(3);
  expect(retries).not.toHaveAttribute('aria-invalid');
  expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ retries: 3 }));
  expect(within(diagram()).getByText(/after 3 retries/)).toBeInTheDocument();
});

test('clearing the reply timeout says what to enter, and the outcome list never says “within ” nothing', async () => {
  const { user, onChange } = setup({ mode: 'sms-reply', question: 'Reply YES', timeoutSeconds: 600 });
  const timeout = screen.getByLabelText('Wait for the reply (seconds)');
  await user.clear(timeout);
  expect(timeout).toHaveAttribute('aria-invalid', 'true');
  expect(timeout).toHaveAccessibleDescription(
    'Enter how many seconds to wait for the reply, from 10 to 604800 (7 days).',
  );
  for (const consent of emitted(onChange)) {
    expect(consent.mode === 'sms-reply' && Number.isFinite(consent.timeoutSeconds)).toBe(true);
  }
  expect(diagram()).not.toHaveTextContent(/within\s+(→|$)/);

  await user.type(timeout, '900');
  expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ timeoutSeconds: 900 }));
  expect(timeout).toHaveAccessibleDescription('15 minutes');
});

test('an out-of-range number still reaches the node and is named on the field; the box follows a change from outside', async () => {
  const { user, onChange } = setup(askTheCaller(1));
  const retries = screen.getByLabelText('Retries when the answer is unclear');
  await user.clear(retries);
  await user.type(retries, '6');
  expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ retries: 6 }));
  expect(retries).toHaveAccessibleDescription(/must be at most 5/);
  // Away to another mode and back: the box shows what the node holds.
  await user.click(screen.getByRole('radio', { name: 'Not required' }));
  await user.click(screen.getByRole('radio', { name: 'Ask the caller' }));
  expect(screen.getByLabelText('Retries when the answer is unclear')).toHaveValue(6);
});

test('a node saved with an empty retries box (null in the JSON) shows an empty box with the same clear error', () => {
  setup({ mode: 'ask', question: 'Text you?', yes: ['yes'], no: ['no'], retries: null as unknown as number });
  const retries = screen.getByLabelText('Retries when the answer is unclear');
  expect(retries).toHaveValue(null);
  expect(retries).toHaveAccessibleDescription('Enter a whole number from 0 to 5.');
  expect(diagram()).not.toHaveTextContent(/null|NaN/);
});
