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
  // Each test sees only its own calls and answers.
  for (const call of Object.values(api)) call.mockReset();
  api.conversation.mockResolvedValue(CONVERSATION);
  api.stats.mockResolvedValue({
    total: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    optedOut: 0,
    declined: 0,
    pending: 0,
  });
});

function renderPanel() {
  const names: Record<string, string> = { start: 'Start', sms: 'Send SMS', end: 'End: Sent' };
  // Enough of a flow for the panel to look up a sender to reply to (it has none).
  const flow = { senders: {}, templates: [] } as unknown as FlowFile;
  render(<TestRunPanel getFlow={() => flow} nodeName={(id) => names[id] ?? id} />);
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

test.each([
  [
    'a failed send is announced with its error',
    'failed',
    { code: 'invalid_recipient', message: 'The recipient is not a phone number.' },
    'Run finished with an error at Send SMS: The recipient is not a phone number.',
  ],
  [
    'an opted-out recipient is announced as the branch it is, not as an error',
    'opted_out',
    { code: 'opted_out', message: 'The recipient replied STOP to this sender.' },
    'Run finished: Send SMS opted out.',
  ],
])('%s', async (_name, branch, error, announced) => {
  api.run.mockResolvedValue({
    runId: `r-${branch}`,
    steps: [
      { nodeId: 'start', type: 'start' },
      { nodeId: 'sms', type: 'sendSms', branch, error },
    ],
  });
  const user = userEvent.setup();
  const panel = renderPanel();
  await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
  expect(within(panel).getByRole('status')).toHaveTextContent(announced);
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

describe('the caller number as a person writes it', () => {
  const SENT: RunResult = {
    runId: 'r3',
    steps: [
      { nodeId: 'start', type: 'start' },
      { nodeId: 'sms', type: 'sendSms', branch: 'sent' },
    ],
  };
  /** Answers like the sandbox API: only an E.164 number has a conversation. */
  function serverConversations() {
    api.conversation.mockImplementation(async (number: string) => {
      if (!/^\+[1-9]\d{1,14}$/.test(number))
        throw new Error(
          `number must be a phone number in E.164 form, such as +14155550123 (got "${number}")`,
        );
      return {
        number,
        messages: [
          { direction: 'outbound', from: '+15005550006', to: number, body: `Hello ${number}`, at: '' },
        ],
        optedOut: false,
      } satisfies Conversation;
    });
  }

  test('a pasted, formatted number runs, shows its conversation and takes replies as one E.164 number', async () => {
    serverConversations();
    api.run.mockResolvedValue(SENT);
    api.reply.mockResolvedValue({ reply: null });
    const user = userEvent.setup();
    const panel = renderPanel();
    const field = within(panel).getByRole('textbox', { name: 'Caller number' });
    await user.clear(field);
    await user.click(field);
    await user.paste('+1 415 555 0199');
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));

    expect(api.run).toHaveBeenCalledWith(expect.objectContaining({ callerNumber: '+14155550199' }));
    expect(within(panel).getByRole('status')).toHaveTextContent('Run finished: Send SMS sent.');
    const phone = within(panel).getByRole('region', { name: 'Recipient phone' });
    expect(await within(phone).findByText('Hello +14155550199')).toBeInTheDocument();
    expect(within(phone).getByText('+14155550199')).toBeInTheDocument();
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();

    await user.type(within(phone).getByRole('textbox', { name: 'Reply as the recipient' }), 'YES{Enter}');
    expect(api.reply).toHaveBeenCalledWith('+14155550199', 'YES', undefined);
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
  });

  test('a run that succeeded is not reported as failed when the phone cannot catch up', async () => {
    api.run.mockResolvedValue(SENT);
    const user = userEvent.setup();
    const panel = renderPanel();
    api.conversation.mockRejectedValue(new Error('/api/conversation answered 500'));
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
    expect(within(panel).getByRole('status')).toHaveTextContent('Run finished: Send SMS sent.');
    expect(within(panel).getByRole('list', { name: 'Step trace' })).toBeInTheDocument();
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
  });

  test('a caller number that is not a number is named on its field, and nothing is run', async () => {
    serverConversations();
    const user = userEvent.setup();
    const panel = renderPanel();
    const field = within(panel).getByRole('textbox', { name: 'Caller number' });
    await user.clear(field);
    await user.type(field, 'call me');
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));

    expect(api.run).not.toHaveBeenCalled();
    expect(field).toBeInvalid();
    expect(field).toHaveAccessibleDescription(/^Caller number: Phone number "call me" contains letters/);
    expect(within(panel).getByRole('alert')).toHaveTextContent(/^Caller number: /);
    // The phone no longer shows the conversation of the number that was there before.
    expect(within(panel).getByRole('region', { name: 'Recipient phone' })).toHaveTextContent(
      'No recipient yet',
    );
    expect(api.conversation).not.toHaveBeenCalledWith('call me');
  });
});

describe('the trace shows only the run that just happened', () => {
  const SENT: RunResult = {
    runId: 'r4',
    steps: [
      { nodeId: 'start', type: 'start' },
      { nodeId: 'sms', type: 'sendSms', branch: 'sent' },
      { nodeId: 'end', type: 'end' },
    ],
  };

  test('a run the server refuses leaves no earlier trace saying the message was sent', async () => {
    api.run.mockResolvedValueOnce(SENT);
    const user = userEvent.setup();
    const panel = renderPanel();
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
    expect(within(panel).getByRole('list', { name: 'Step trace' })).toHaveTextContent('→ sent');

    api.run.mockRejectedValueOnce(new Error('nodes: the flow has no node of type "start"'));
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
    expect(within(panel).getByRole('alert')).toHaveTextContent('the flow has no node of type "start"');
    expect(within(panel).queryByRole('list', { name: 'Step trace' })).not.toBeInTheDocument();
  });

  /** One run that sends, then another number typed into the Caller number field. */
  async function runThenType(number: string) {
    api.run.mockResolvedValueOnce(SENT);
    const user = userEvent.setup();
    const panel = renderPanel();
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
    const field = within(panel).getByRole('textbox', { name: 'Caller number' });
    await user.clear(field);
    await user.type(field, number);
    return { user, panel };
  }

  test('a run tried with a number that is not one leaves no earlier trace either', async () => {
    const { user, panel } = await runThenType('415 555');
    await user.click(within(panel).getByRole('button', { name: 'Run flow' }));

    expect(api.run).toHaveBeenCalledTimes(1);
    expect(within(panel).queryByRole('list', { name: 'Step trace' })).not.toBeInTheDocument();
    expect(within(panel).getByRole('status')).not.toHaveTextContent('Send SMS sent');
  });

  test('the trace names the caller it ran for, once the field holds another number', async () => {
    const { panel } = await runThenType('+14155550177');
    expect(within(panel).getByText(/Last run: caller \+14155550123/)).toBeInTheDocument();
  });
});

test('a run can play a caller who gives no clear answer to the consent question', async () => {
  api.run.mockResolvedValue({
    runId: 'r5',
    steps: [
      { nodeId: 'start', type: 'start' },
      { nodeId: 'sms', type: 'sendSms', branch: 'declined' },
    ],
  });
  const user = userEvent.setup();
  const panel = renderPanel();
  await user.selectOptions(
    within(panel).getByRole('combobox', { name: "Caller's answer when asked by voice" }),
    'No clear answer',
  );
  await user.click(within(panel).getByRole('button', { name: 'Run flow' }));
  expect(api.run).toHaveBeenCalledWith(expect.objectContaining({ consentAnswer: 'no-answer' }));
  expect(within(panel).getByRole('status')).toHaveTextContent('Run finished: Send SMS declined.');
});
