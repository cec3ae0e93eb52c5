import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { InputSource } from '../../src/core/schemas/input-source';
import { RecipientTimingPanel, type RecipientTimingPatch } from '../../src/editor/inspector';
import { SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

type Timing = 'during-call' | 'after-call';

/** Applies each patch to local state, as the inspector's store would. */
function Harness({ onChange }: { onChange: (patch: RecipientTimingPatch) => void }) {
  const [state, setState] = useState<{
    to: InputSource;
    timing: Timing;
    trigger: string;
    optOutFooter: boolean;
  }>({
    to: { kind: 'variable', path: 'call.caller_number' },
    timing: 'during-call',
    trigger: '',
    optOutFooter: false,
  });
  return (
    <RecipientTimingPanel
      {...state}
      variables={SAMPLE_VARIABLES}
      onChange={(patch) => {
        setState((current) => ({ ...current, ...patch }));
        onChange(patch);
      }}
    />
  );
}

function setup() {
  const onChange = vi.fn<(patch: RecipientTimingPatch) => void>();
  const user = userEvent.setup();
  render(<Harness onChange={onChange} />);
  return { user, onChange, recipient: screen.getByRole('group', { name: 'Recipient' }) };
}

test('the recipient defaults to the caller’s number', () => {
  const { recipient } = setup();
  expect(within(recipient).getByLabelText('Variable')).toHaveDisplayValue(/^call\.caller_number/);
  expect(screen.queryByRole('button', { name: 'Send to the caller’s number' })).not.toBeInTheDocument();
});

test('a fixed recipient must be an E.164 number that exists, and one click goes back to the caller', async () => {
  const { user, onChange, recipient } = setup();
  await user.selectOptions(within(recipient).getByLabelText('Source'), 'Fixed value');
  const value = within(recipient).getByLabelText('Value');
  await user.type(value, '415 555');
  expect(value).toHaveAttribute('aria-invalid', 'true');
  expect(value).toHaveAccessibleDescription(/"415 555" is not a phone number in E\.164 form/);
  await user.clear(value);
  // The E.164 shape, but no such number (no US area code 123): the executor would refuse it at every run.
  await user.type(value, '+11234567890');
  expect(value).toHaveAttribute('aria-invalid', 'true');
  expect(value).toHaveAccessibleDescription(/"\+11234567890" is not a valid number/);
  await user.clear(value);
  await user.type(value, '+14155550123');
  expect(value).not.toHaveAttribute('aria-invalid');
  expect(onChange).toHaveBeenLastCalledWith({ to: { kind: 'fixed', value: '+14155550123' } });

  await user.click(screen.getByRole('button', { name: 'Send to the caller’s number' }));
  expect(onChange).toHaveBeenLastCalledWith({ to: { kind: 'variable', path: 'call.caller_number' } });
});

test('timing, trigger and the opt-out footer each emit their own patch', async () => {
  const { user, onChange } = setup();
  const timing = screen.getByRole('group', { name: 'When to send' });
  expect(within(timing).getByRole('radio', { name: 'During the call' })).toBeChecked();
  await user.click(within(timing).getByRole('radio', { name: 'After the call ends' }));
  expect(onChange).toHaveBeenLastCalledWith({ timing: 'after-call' });

  await user.type(screen.getByLabelText('Send when (trigger condition)'), 'Booked');
  expect(onChange).toHaveBeenLastCalledWith({ trigger: 'Booked' });

  await user.click(
    screen.getByRole('checkbox', { name: 'Add the opt-out footer “Reply STOP to unsubscribe.”' }),
  );
  expect(onChange).toHaveBeenLastCalledWith({ optOutFooter: true });
});

test('after “Send to the caller’s number” is pressed and goes away, focus is on the Variable it set', async () => {
  const { user, recipient } = setup();
  await user.selectOptions(within(recipient).getByLabelText('Source'), 'Fixed value');
  await user.type(within(recipient).getByLabelText('Value'), '+14155550123');
  screen.getByRole('button', { name: 'Send to the caller’s number' }).focus();
  await user.keyboard('{Enter}');
  expect(screen.queryByRole('button', { name: 'Send to the caller’s number' })).not.toBeInTheDocument();
  const variable = within(recipient).getByLabelText('Variable');
  expect(variable).toHaveDisplayValue(/^call\.caller_number/);
  expect(document.activeElement).toBe(variable);
});
