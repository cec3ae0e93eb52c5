import { describe, expect, it, vi } from 'vitest';
import { KEYWORD_REPLIES } from '../../src/core/keywords';
import type { FlowSmsStore } from '../../src/executor/store';
import { processInboundSms } from '../../src/executor/webhooks';
import {
  createFakeClock,
  type FakeClock,
  nodeData,
  RECIPIENT,
  SANDBOX_SENDER,
} from './support/executor-fakes';
import { createExecutorHarness, nodeContext } from './support/executor-harness';

// `flow-sms run` waits for the answer in one process while `flow-sms serve` takes Twilio's webhooks in
// another: the webhook side has no executor to hand the reply to, only the shared store.
const smsReply = {
  mode: 'sms-reply',
  question: 'May we text you the details? Reply YES or NO.',
  timeoutSeconds: 60,
};

function waitingRun() {
  const harness = createExecutorHarness({ clock: createFakeClock(undefined, 'manual') });
  const running = harness.executor.execute(
    nodeData({ consent: smsReply }),
    nodeContext({ variables: { caller: { first_name: 'Ada' } } }),
  );
  return { ...harness, running };
}

let sids = 0;
/** An inbound SMS as the webhook process handles it: no executor in its process. */
function webhookReceives(store: FlowSmsStore, clock: FakeClock, body: string) {
  return processInboundSms(
    { store, environment: 'sandbox', replies: KEYWORD_REPLIES, logger: {} },
    { messageSid: `SMin${++sids}`, from: RECIPIENT, to: SANDBOX_SENDER, body, at: clock.now() },
  );
}

describe('a YES to a consent question a run in another process is waiting for', () => {
  it('answers the question: no START confirmation, no opt-in recorded, and the run sends', async () => {
    const { store, clock, transport, running } = waitingRun();
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    clock.advance(20_000);

    expect(await webhookReceives(store, clock, 'Yes!')).toEqual({ action: 'consent-reply', reply: null });
    expect(store.optOutHistory('sandbox', RECIPIENT)).toEqual([]);

    clock.advance(1_000);
    expect((await running).branch).toBe('sent');
    expect(transport.sent).toHaveLength(2);
    // Answered once: a later YES is a START again, confirmed as one.
    expect(await webhookReceives(store, clock, 'YES')).toMatchObject({
      action: 'keyword',
      keyword: 'START',
      reply: KEYWORD_REPLIES.START,
    });
  });

  it('after the question timed out, YES is a START', async () => {
    const { store, clock, running } = waitingRun();
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    clock.advance(61_000);
    expect((await running).branch).toBe('declined');

    expect(await webhookReceives(store, clock, 'yes')).toMatchObject({
      action: 'keyword',
      keyword: 'START',
      reply: KEYWORD_REPLIES.START,
    });
  });

  it('a NO-like reply that is no keyword reaches the host as a consent answer', async () => {
    const { store, clock, running } = waitingRun();
    await vi.waitFor(() => expect(clock.sleepers).toBeGreaterThan(0));
    clock.advance(5_000);
    expect(await webhookReceives(store, clock, 'no')).toEqual({
      action: 'delivered',
      answeredConsent: true,
      reply: null,
    });
    clock.advance(1_000);
    expect((await running).branch).toBe('declined');
  });
});
