import { describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/executor/store';
import { createFakeClock, nodeData, RECIPIENT, rejected, SANDBOX_SENDER } from './support/executor-fakes';
import { createExecutorHarness, type ExecutorHarnessOptions, nodeContext } from './support/executor-harness';

const setup = (options: ExecutorHarnessOptions = {}, clockMode: 'auto' | 'manual' = 'auto') =>
  createExecutorHarness({ clock: createFakeClock(undefined, clockMode), ...options });

const context = (variables: Record<string, unknown> = {}) =>
  nodeContext({ variables: { caller: { first_name: 'Ada' }, ...variables } });
const smsReply = {
  mode: 'sms-reply',
  question: 'May we text you the details? Reply YES or NO.',
  timeoutSeconds: 60,
};

describe('consent: not-required and variable', () => {
  it('keeps the reason as evidence when no consent is needed', async () => {
    const { executor, store } = setup();
    const result = await executor.execute(nodeData(), context());
    expect(store.messageById(result.message?.id as string)?.consent).toEqual({
      mode: 'not-required',
      reason: 'The caller asked for the details by text',
    });
  });

  it.each([
    [true, 'sent'],
    ['yes', 'sent'],
    [' Y ', 'sent'],
    ['TRUE', 'sent'],
    ['1', 'sent'],
    [1, 'sent'],
    [false, 'declined'],
    ['no', 'declined'],
    ['maybe', 'declined'],
    [undefined, 'declined'],
  ])('a consent variable of %j means %s', async (value, branch) => {
    const { executor, transport, store } = setup();
    const result = await executor.execute(
      nodeData({ consent: { mode: 'variable', path: 'caller.agreed' } }),
      context({ caller: { first_name: 'Ada', agreed: value } }),
    );
    expect(result.branch).toBe(branch);
    expect(transport.sent).toHaveLength(branch === 'sent' ? 1 : 0);
    expect(store.recentMessages(1)[0]?.consent).toEqual({
      mode: 'variable',
      path: 'caller.agreed',
      value: value === undefined ? null : value,
    });
  });
});

describe('consent: ask (the host asks the caller)', () => {
  const ask = { mode: 'ask', question: 'Can I text you the address?' };

  it('passes the question and phrases to the hook and stores what the caller said', async () => {
    const askConsent = vi.fn().mockResolvedValue({ answer: 'yes', utterance: 'yeah go ahead' });
    const { executor, store, clock } = setup({ askConsent });
    const result = await executor.execute(nodeData({ consent: ask }), context());
    expect(result.branch).toBe('sent');
    expect(askConsent).toHaveBeenCalledWith(
      expect.objectContaining({
        question: 'Can I text you the address?',
        yes: expect.arrayContaining(['yes']),
        no: expect.arrayContaining(['no']),
        retries: 1,
        runId: 'run-1',
        nodeId: 'sms-1',
      }),
    );
    const logged = store.messageById(result.message?.id as string);
    expect(logged?.consent).toEqual({
      mode: 'ask',
      question: 'Can I text you the address?',
      answer: 'yes',
      utterance: 'yeah go ahead',
    });
    expect(logged?.consentAt).toEqual(clock.now());
  });

  it.each(['no', 'no-answer'] as const)('an answer of %s declines', async (answer) => {
    const { executor, transport } = setup({ askConsent: async () => ({ answer }) });
    expect((await executor.execute(nodeData({ consent: ask }), context())).branch).toBe('declined');
    expect(transport.sent).toHaveLength(0);
  });

  it('fails clearly without a hook, or when the hook misbehaves', async () => {
    const missing = await setup().executor.execute(nodeData({ consent: ask }), context());
    expect(missing).toMatchObject({ branch: 'failed', error: { code: 'consent_hook_missing' } });
    expect(missing.error?.hint).toMatch(/askConsent/);

    const throwing = await setup({
      askConsent: () => {
        throw new Error('call dropped');
      },
    }).executor.execute(nodeData({ consent: ask }), context());
    expect(throwing.error).toMatchObject({
      code: 'consent_hook_failed',
      message: expect.stringContaining('call dropped'),
    });

    const odd = await setup({ askConsent: async () => ({ answer: 'perhaps' }) as never }).executor.execute(
      nodeData({ consent: ask }),
      context(),
    );
    expect(odd.error?.code).toBe('consent_hook_invalid');
  });
});

describe('consent: sms-reply', () => {
  it('texts the question, takes a YES recorded by the webhook, then sends the message', async () => {
    const { executor, transport, store, clock } = setup({}, 'manual');
    const running = executor.execute(nodeData({ consent: smsReply }), context());
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    expect(transport.sent).toHaveLength(1);
    // The reply comes in through the webhook layer (another process, say) while the node waits.
    clock.advance(20_000);
    store.recordInbound('SMreply1', { from: RECIPIENT, to: SANDBOX_SENDER, body: 'Yes!', at: clock.now() });
    clock.advance(1_000);
    const result = await running;
    expect(result.branch).toBe('sent');
    expect(transport.sent.map((m) => m.body)).toEqual([
      smsReply.question,
      'Hi Ada, your appointment is on Monday 3 March.',
    ]);
    const logged = store.messageById(result.message?.id as string);
    expect(logged?.consent).toMatchObject({ mode: 'sms-reply', answer: 'yes', reply: 'Yes!' });
    const question = store.recentMessages(10).find((m) => m.purpose === 'consent-question');
    expect(question).toMatchObject({ body: smsReply.question, outcome: 'sent' });
    expect(store.stats().sent).toBe(1);
  });

  it('counts the reply window from when Twilio takes the question, however long a rate limit held it', async () => {
    const held = rejected(20429, 429, 'Too Many Requests', { retryable: true, retryAfterMs: 120_000 });
    const { executor, transport, store, clock } = setup({ script: [held] }, 'manual');
    const running = executor.execute(nodeData({ consent: smsReply }), context());
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    // Two minutes of rate limit, twice the question's 60-second window, then Twilio takes it.
    clock.advance(120_000);
    await vi.waitFor(() => expect(transport.sent).toHaveLength(2));
    const acceptedAt = clock.now().getTime();
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    clock.advance(30_000);
    store.recordInbound('SMlate', { from: RECIPIENT, to: SANDBOX_SENDER, body: 'YES', at: clock.now() });
    clock.advance(1_000);

    expect((await running).branch).toBe('sent');
    const question = store.recentMessages(10).find((m) => m.purpose === 'consent-question');
    expect(question?.replyBy?.getTime()).toBe(acceptedAt + 60_000);
  });

  it('a YES after the window closed is no consent, even for a run resumed after a restart', async () => {
    const first = setup({}, 'manual');
    void first.executor.execute(nodeData({ consent: smsReply }), context());
    await vi.waitFor(() => expect(first.transport.sent).toHaveLength(1));
    // The process dies while waiting; an hour later the recipient texts YES, and the run is resumed.
    const anHourLater = new Date(first.clock.now().getTime() + 3_600_000);
    first.store.recordInbound('SMlateYes', {
      from: RECIPIENT,
      to: SANDBOX_SENDER,
      body: 'YES',
      at: anHourLater,
    });
    const resumed = setup({ store: first.store, clock: createFakeClock(anHourLater) });

    const result = await resumed.executor.execute(nodeData({ consent: smsReply }), context());
    expect(result.branch).toBe('declined');
    expect(resumed.transport.sent).toHaveLength(0);
    const logged = first.store.recentMessages(10).find((m) => m.purpose === 'message');
    expect(logged?.consent).toMatchObject({ mode: 'sms-reply', answer: 'no-answer' });
  });

  it('a reply sent before Twilio took the question does not answer it', async () => {
    const held = rejected(20429, 429, 'Too Many Requests', { retryable: true, retryAfterMs: 120_000 });
    const { executor, transport, store, clock } = setup({ script: [held] }, 'manual');
    const running = executor.execute(nodeData({ consent: smsReply }), context());
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    clock.advance(30_000);
    // An "ok" to something else, while the question is still held back by the rate limit.
    store.recordInbound('SMearly', { from: RECIPIENT, to: SANDBOX_SENDER, body: 'ok', at: clock.now() });
    executor.receiveReply({ from: RECIPIENT, to: SANDBOX_SENDER, body: 'ok', at: clock.now() });
    clock.advance(90_000);
    await vi.waitFor(() => expect(transport.sent).toHaveLength(2));
    // No reply after the question reached the phone: the window runs out.
    let settled = false;
    void running.finally(() => {
      settled = true;
    });
    while (!settled) {
      clock.advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const result = await running;
    expect(result.branch).toBe('declined');
    expect(transport.sent).toHaveLength(2);
  });

  it('one YES answers one question: the latest the recipient was asked', async () => {
    const { executor, transport, store, clock } = setup({}, 'manual');
    const runFor = (runId: string, question: string) =>
      executor.execute(
        nodeData({ consent: { ...smsReply, question } }),
        nodeContext({ runId, variables: { caller: { first_name: 'Ada' } } }),
      );
    const details = runFor('run-a', smsReply.question);
    await vi.waitFor(() => expect(transport.sent).toHaveLength(1));
    clock.advance(5_000);
    const offers = runFor('run-b', 'Weekly offers by text? Reply YES or NO.');
    await vi.waitFor(() => expect(transport.sent).toHaveLength(2));
    clock.advance(5_000);
    store.recordInbound('SMoneYes', { from: RECIPIENT, to: SANDBOX_SENDER, body: 'YES', at: clock.now() });

    let settled = 0;
    for (const run of [details, offers]) void run.finally(() => settled++);
    while (settled < 2) {
      clock.advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect((await offers).branch).toBe('sent');
    expect((await details).branch).toBe('declined');
    expect(transport.sent).toHaveLength(3);
  });

  it('receiveReply answers the waiting consent at once', async () => {
    const { executor, transport, clock } = setup({}, 'manual');
    const running = executor.execute(nodeData({ consent: smsReply }), context());
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    expect(transport.sent).toHaveLength(1);
    expect(executor.receiveReply({ from: '+14155550999', to: SANDBOX_SENDER, body: 'yes' })).toBe(false);
    expect(executor.receiveReply({ from: RECIPIENT, to: SANDBOX_SENDER, body: 'what is this?' })).toBe(false);
    expect(executor.receiveReply({ from: RECIPIENT, to: SANDBOX_SENDER, body: 'nope' })).toBe(true);
    const result = await running;
    expect(result.branch).toBe('declined');
    expect(transport.sent).toHaveLength(1);
  });

  it('no reply within the timeout declines', async () => {
    const { executor, transport, store, clock } = setup();
    const started = clock.now().getTime();
    const result = await executor.execute(nodeData({ consent: smsReply }), context());
    expect(result.branch).toBe('declined');
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(60_000);
    expect(transport.sent).toHaveLength(1);
    expect(store.recentMessages(1)[0]?.consent).toMatchObject({
      mode: 'sms-reply',
      answer: 'no-answer',
      reply: null,
    });
  });

  it('a restarted executor finds the reply in the store and does not ask again', async () => {
    const store = openStore({ path: ':memory:' });
    const clock = createFakeClock(undefined, 'manual');
    const first = setup({ store, clock });
    void first.executor.execute(nodeData({ consent: smsReply }), context());
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    // The process dies while waiting; the reply is recorded by the webhook server meanwhile.
    store.recordInbound('SMreply2', { from: RECIPIENT, to: SANDBOX_SENDER, body: 'ok', at: clock.now() });

    const second = setup({ store, clock: createFakeClock(clock.now()) });
    const result = await second.executor.execute(nodeData({ consent: smsReply }), context());
    expect(result.branch).toBe('sent');
    expect(second.transport.sent.map((m) => m.body)).toEqual([
      'Hi Ada, your appointment is on Monday 3 March.',
    ]);
  });

  it('does not text the question to an opted-out recipient', async () => {
    const { executor, transport, store, clock } = setup();
    store.recordOptOut('sandbox', RECIPIENT, SANDBOX_SENDER, clock.now(), 'inbound:STOP');
    const result = await executor.execute(nodeData({ consent: smsReply }), context());
    expect(result.branch).toBe('opted_out');
    expect(transport.sent).toHaveLength(0);
  });
});
