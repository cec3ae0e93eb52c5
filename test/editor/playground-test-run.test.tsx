import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FlowFile } from 'flow-sms/core';
import type { Conversation, RunResult } from '../../playground/src/api';
import { PhoneView } from '../../playground/src/PhoneView';
import { TestRunPanel } from '../../playground/src/TestRunPanel';

const api = vi.hoisted(() => ({
  run: vi.fn(),
  conversation: vi.fn(),
  reply: vi.fn(),
  stats: vi.fn(),
}));
vi.mock('../../playground/src/api', () => ({ sandboxApi: api }));

const CONVERSATION: Conversation = { number: '+14155550123', messages: [], optedOut: false };

/** A promise the test settles when it chooses, to look at the page while a request is out. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

beforeEach(() => {
  api.conversation.mockResolvedValue(CONVERSATION);
  api.stats.mockResolvedValue({ total: 0, sent: 0, delivered: 0, failed: 0, optedOut: 0 });
});

function renderPanel() {
  const names: Record<string, string> = { start: 'Start', sms: 'Send SMS', end: 'End: Sent' };
  render(<TestRunPanel getFlow={() => ({}) as FlowFile} nodeName={(id) => names[id] ?? id} />);
  return screen.getByRole('region', { name: 'Test run' });
}

test('Run flow keeps keyboard focus while the run is out, and the outcome is announced politely', async () => {
  const run = deferred<RunResult>();
  api.run.mockReturnValue(run.promise);
  const user = userEvent.setup();
  const panel = renderPanel();
  const button = within(panel).getByRole('button', { name: 'Run flow' });
  button.focus();
  await user.keyboard('{Enter}');
  expect(button).toHaveAccessibleName('Running…');
  expect(button).not.toBeDisabled();
  expect(button).toHaveAttribute('aria-disabled', 'true');
  expect(document.activeElement).toBe(button);
  // Pressing it again while the run is out starts nothing.
  await user.keyboard('{Enter}');
  expect(api.run).toHaveBeenCalledTimes(1);

  await act(async () =>
    run.resolve({
      runId: 'r1',
      steps: [
        { nodeId: 'start', type: 'start' },
        { nodeId: 'sms', type: 'sendSms', branch: 'sent' },
        { nodeId: 'end', type: 'end' },
      ],
    }),
  );
  expect(within(panel).getByRole('status')).toHaveTextContent('Run finished: Send SMS sent.');
  expect(button).toHaveAccessibleName('Run flow');
  expect(document.activeElement).toBe(button);
});

test('a failed send is announced with its error', async () => {
  api.run.mockResolvedValue({
    runId: 'r2',
    steps: [
      { nodeId: 'start', type: 'start' },
      {
        nodeId: 'sms',
        type: 'sendSms',
        branch: 'failed',
        error: { code: 'invalid_recipient', message: 'The recipient is not a phone number.' },
      },
    ],
  });
  const user = userEvent.setup();
  const panel = renderPanel();
  await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
  expect(within(panel).getByRole('status')).toHaveTextContent(
    'Run finished with an error at Send SMS: The recipient is not a phone number.',
  );
});

test('sending a reply keeps keyboard focus in the reply field, from Enter or from the button', async () => {
  const sending = deferred<void>();
  const onReply = vi.fn(() => sending.promise);
  const user = userEvent.setup();
  render(<PhoneView conversation={CONVERSATION} onReply={onReply} />);
  const field = screen.getByRole('textbox', { name: 'Reply as the recipient' });

  await user.type(field, 'STOP{Enter}');
  expect(onReply).toHaveBeenCalledWith('STOP');
  expect(field).not.toBeDisabled();
  expect(field).toHaveAttribute('readonly');
  expect(document.activeElement).toBe(field);
  await act(async () => sending.resolve());
  expect(field).toHaveValue('');
  expect(document.activeElement).toBe(field);

  await user.type(field, 'START');
  screen.getByRole('button', { name: 'Send reply' }).focus();
  await user.keyboard('{Enter}');
  expect(onReply).toHaveBeenLastCalledWith('START');
  expect(document.activeElement).toBe(field);
});
