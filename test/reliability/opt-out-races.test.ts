import { afterEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/environments';
import { createSendSmsExecutor } from '../../src/executor/executor';
import { createOutboxWorker } from '../../src/executor/outbox';
import { createRateLimiter } from '../../src/executor/rate-limiter';
import {
  createSandbox,
  type SandboxServer,
  startSandboxServer,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import { openStore, type StoreOptions } from '../../src/executor/store';
import type { SmsTransport } from '../../src/executor/transport/types';
import { createTwilioTransport } from '../../src/executor/twilio';
import { reportFigure } from './support/figures';
import {
  AUTH_TOKEN,
  inboundParams,
  signedPost,
  startWebhookStack,
  type WebhookStack,
} from './support/webhook-stack';

const RECIPIENT = '+14155554321';
const SENDER = '+14155550100';
const QUEUED = 1_000;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store, the real webhook server over it, and a sandbox (without Twilio's own opt-out) posting to it. */
async function stack(environment: Environment = 'sandbox', storeOptions: StoreOptions = {}) {
  const store = openStore({ path: ':memory:', ...storeOptions });
  cleanups.push(() => store.close());
  const webhooks: WebhookStack = await startWebhookStack({ store, environment });
  cleanups.push(() => webhooks.close());
  // carrierOptOut off: the sandbox must not refuse on the executor's behalf, or it would hide a send
  // the executor should never have made.
  const sandbox: TwilioSandbox = createSandbox({
    authToken: AUTH_TOKEN,
    carrierOptOut: false,
    inboundUrl: webhooks.inboundUrl,
  });
  cleanups.push(() => sandbox.close());
  const api: SandboxServer = await startSandboxServer(sandbox);
  cleanups.push(() => api.close());
  const transport = createTwilioTransport({
    credentials: sandbox.credentials(),
    baseUrl: api.url,
    kind: 'sandbox',
  });
  return { store, webhooks, sandbox, transport };
}

/** The recipient texts `body` to `to` through the sandbox; resolves once our webhook has answered. */
async function text(sandbox: TwilioSandbox, to: string, body: string) {
  const { delivery } = await sandbox.receiveReply({ from: RECIPIENT, to, body });
  expect(delivery?.responseStatus).toBe(200);
  return delivery;
}

const node = (body: string) => ({
  message: { body },
  to: { kind: 'fixed' as const, value: RECIPIENT },
  consent: { mode: 'not-required' as const, reason: 'opt-out race test' },
});

describe('opt-out races', () => {
  it(`a STOP arriving while ${QUEUED} sends to that recipient are queued: nothing is sent once it is committed`, async () => {
    const { store, sandbox, transport } = await stack();
    // Each send request records whether the STOP was already committed when it left.
    const sentAfterStop: string[] = [];
    const watched: SmsTransport = {
      kind: transport.kind,
      send: (message) => {
        if (store.isOptedOut('sandbox', message.to, message.from)) sentAfterStop.push(message.body);
        return transport.send(message);
      },
      fetchMessage: (sid) => transport.fetchMessage(sid),
      listMessages: (query) => transport.listMessages(query),
    };
    // Paced as Twilio asks (a short code's 100 segments/s). Sends wait for their turn after they
    // were taken from the queue; the test holds that wait open at one moment, as a slower sender
    // (a long code's 1/s) would, so the STOP is sure to land while some are waiting.
    const pacing = createRateLimiter({ perSender: { [SENDER]: 100 } });
    let hold: Promise<void> | null = null;
    let release = () => {};
    let waiting = 0;
    const executor = createSendSmsExecutor({
      store,
      transport: watched,
      environment: 'sandbox',
      defaultSenders: { sandbox: SENDER },
      rateLimiter: {
        async acquire(sender: string, segments: number) {
          const waited = await pacing.acquire(sender, segments);
          if (hold) {
            waiting += 1;
            await hold;
          }
          return waited;
        },
      },
      retry: { reconcileDelayMs: 0, baseDelayMs: 10 },
    });
    for (let i = 0; i < QUEUED; i++) {
      const queued = await executor.enqueue(node(`Reminder ${i}`), { runId: `race-${i}`, nodeId: 'sms' });
      expect(queued.status).toBe('queued');
    }
    const worker = createOutboxWorker({ executor, concurrency: 8, pollIntervalMs: 5 });
    await worker.start();
    cleanups.push(() => {
      release();
      return worker.stop();
    });
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    await until(() => sandbox.received().length >= QUEUED / 10);
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    await until(() => waiting >= 4);
    const stop = await text(sandbox, SENDER, 'STOP');
    hold = null;
    release();
    const receivedAtStop = sandbox.received().length;
    expect(stop?.error).toBeNull();
    expect(store.isOptedOut('sandbox', RECIPIENT, SENDER)).toBe(true);
    for (;;) {
      const counts = await executor.outbox.counts();
      if (counts.queued + counts.sending + counts.unknown === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await worker.stop();

    expect(sentAfterStop).toEqual([]);
    const log = store.recentMessages(QUEUED);
    const sent = log.filter((m) => m.outcome === 'sent');
    const optedOut = log.filter((m) => m.outcome === 'opted_out');
    expect(sent.length + optedOut.length).toBe(QUEUED);
    expect(sandbox.received()).toHaveLength(sent.length);
    expect(optedOut.length).toBeGreaterThan(0);
    reportFigure('opt-out-race', {
      queued: QUEUED,
      sentBeforeStop: sent.length,
      optedOut: optedOut.length,
      sentAfterStopCommitted: sentAfterStop.length,
      waitingForTheirTurnAtStop: waiting,
      inFlightWhenStopCommitted: sandbox.received().length - receivedAtStop - sentAfterStop.length,
    });
  });

  it('a replayed older START never undoes a later STOP', async () => {
    const { store, webhooks, sandbox, transport } = await stack();
    const start = inboundParams(RECIPIENT, SENDER, 'START');
    const startRequest = signedPost(webhooks.inboundUrl, start);
    expect((await fetch(webhooks.inboundUrl, startRequest)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await text(sandbox, SENDER, 'STOP');

    // Twilio retrying the old START, or anyone replaying the captured request verbatim.
    const replay = await fetch(webhooks.inboundUrl, startRequest);
    expect(replay.status).toBe(200);
    expect(await replay.text()).not.toContain('resubscribed');
    // The same event reaching the store late, from another path (a CLI import, a second server).
    expect(
      store.recordOptIn('sandbox', RECIPIENT, SENDER, new Date(Date.now() - 60_000), 'late-replay'),
    ).toBe(false);
    expect(store.isOptedOut('sandbox', RECIPIENT, SENDER)).toBe(true);

    const executor = createSendSmsExecutor({
      store,
      transport,
      environment: 'sandbox',
      defaultSenders: { sandbox: SENDER },
    });
    const result = await executor.execute(node('Are you still there?'), {
      runId: 'after-replay',
      nodeId: 'sms',
    });
    expect(result.branch).toBe('opted_out');
    expect(sandbox.received()).toEqual([]);
    // A START sent after the STOP does resubscribe: the rule is time order, not "STOP wins".
    await text(sandbox, SENDER, 'START');
    expect(store.isOptedOut('sandbox', RECIPIENT, SENDER)).toBe(false);
  });

  it("an opt-out survives a change of the environment's sender number with the same sender identity", async () => {
    const OLD = '+14155550111';
    const NEW = '+14155550122';
    const UNRELATED = '+14155550133';
    const { store, sandbox, transport } = await stack('sandbox', {
      senderIdentities: { [OLD]: 'acme-clinic', [NEW]: 'acme-clinic' },
    });
    await text(sandbox, OLD, 'STOP');
    const run = (sender: string, runId: string) =>
      createSendSmsExecutor({
        store,
        transport,
        environment: 'sandbox',
        defaultSenders: { sandbox: sender },
      }).execute(node('Your appointment is tomorrow'), { runId, nodeId: 'sms' });

    expect((await run(NEW, 'new-number')).branch).toBe('opted_out');
    expect(sandbox.received()).toEqual([]);
    // Another identity is another sender: its messages still go out.
    expect((await run(UNRELATED, 'other-brand')).branch).toBe('sent');
    expect(sandbox.received().map((m) => m.from)).toEqual([UNRELATED]);
  });

  it('sandbox opt-outs never touch live, and live ones never touch the sandbox', async () => {
    const { store, sandbox, transport } = await stack('sandbox');
    await text(sandbox, SENDER, 'STOP');
    expect(store.isOptedOut('sandbox', RECIPIENT, SENDER)).toBe(true);
    expect(store.isOptedOut('live', RECIPIENT, SENDER)).toBe(false);
    expect(store.listOptOuts('live')).toEqual([]);

    const executorFor = (environment: Environment) =>
      createSendSmsExecutor({
        store,
        transport,
        environment,
        defaultSenders: { sandbox: SENDER, preRelease: SENDER, live: SENDER },
      });
    expect((await executorFor('sandbox').execute(node('Hi'), { runId: 'sb', nodeId: 'sms' })).branch).toBe(
      'opted_out',
    );
    expect((await executorFor('live').execute(node('Hi'), { runId: 'live', nodeId: 'sms' })).branch).toBe(
      'sent',
    );

    // And the other way round, through a live webhook server over the same store.
    const live = await startWebhookStack({ store, environment: 'live' });
    cleanups.push(() => live.close());
    const response = await fetch(
      live.inboundUrl,
      signedPost(live.inboundUrl, inboundParams('+14155557777', SENDER, 'STOP')),
    );
    expect(response.status).toBe(200);
    expect(store.isOptedOut('live', '+14155557777', SENDER)).toBe(true);
    expect(store.isOptedOut('sandbox', '+14155557777', SENDER)).toBe(false);
  });
});
