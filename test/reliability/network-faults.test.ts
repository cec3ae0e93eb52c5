import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendSmsExecutor, type SendSmsExecutor } from '../../src/executor/executor';
import { createOutboxWorker } from '../../src/executor/outbox';
import {
  createSandbox,
  type SandboxServer,
  startSandboxServer,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import { createTwilioTransport } from '../../src/executor/twilio';
import { type FaultProxy, type ProxyAction, startFaultProxy } from './support/fault-proxy';
import { reportFigure } from './support/figures';
import { groupBy } from './support/group-by';
import { SEED, seeded } from './support/seeded';

const ORDINARY = 2_000;
const PER_PERMANENT_RECIPIENT = 20;
const SENDER = '+14155550100';
const RETRY_AFTER_SECONDS = 1;
const CLIENT_TIMEOUT_MS = 1_000;

/** Recipients whose every send Twilio refuses for good, and the code it answers with. */
const PERMANENT: ReadonlyArray<{ to: string; code: number; by: 'sandbox' | 'proxy' }> = [
  { to: '+15005550001', code: 21211, by: 'sandbox' },
  { to: '+15005550003', code: 21408, by: 'sandbox' },
  { to: '+15005550004', code: 21610, by: 'sandbox' },
  { to: '+14155552001', code: 21617, by: 'proxy' },
  { to: '+14155552002', code: 30034, by: 'proxy' },
];
const ordinaryRecipient = (i: number) => `+1415555${3000 + (i % 400)}`;

let sandbox: TwilioSandbox;
let server: SandboxServer;
let proxy: FaultProxy;
let store: FlowSmsStore;
let executor: SendSmsExecutor;

beforeAll(async () => {
  sandbox = createSandbox({ seed: SEED });
  // Drawn for each send request the sandbox sees: 43% of them misbehave in one of these ways.
  sandbox.setFaultRates([
    { fault: { kind: 'rate-limit', retryAfterSeconds: RETRY_AFTER_SECONDS }, rate: 0.3 },
    { fault: { kind: 'server-error-after-accept' }, rate: 0.05 },
    { fault: { kind: 'timeout-before-accept', holdMs: 3 * CLIENT_TIMEOUT_MS }, rate: 0.02 },
    { fault: { kind: 'timeout-after-accept', holdMs: 3 * CLIENT_TIMEOUT_MS }, rate: 0.02 },
    { fault: { kind: 'reset-before-accept' }, rate: 0.02 },
    { fault: { kind: 'reset-after-accept' }, rate: 0.02 },
  ]);
  server = await startSandboxServer(sandbox);
  // In front of it, the network: resets and silences at both ends of every kind of request,
  // lookups included, and the permanent refusals the sandbox has no test number for.
  const rng = seeded(SEED + 1);
  proxy = await startFaultProxy(server.url, ({ method, form }): ProxyAction => {
    const roll = rng.next();
    if (method === 'GET') {
      if (roll < 0.03) return { kind: 'reset-before' };
      if (roll < 0.04) return { kind: 'hang-before' };
      return { kind: 'forward' };
    }
    if (roll < 0.02) return { kind: 'reset-before' };
    if (roll < 0.03) return { kind: 'hang-before' };
    // Stands in for Twilio here: what it refuses never reaches the sandbox, which would accept it.
    const refused = PERMANENT.find((p) => p.by === 'proxy' && p.to === form.get('To'));
    if (refused) {
      return {
        kind: 'answer',
        status: 400,
        json: { code: refused.code, message: `Error ${refused.code}`, more_info: '', status: 400 },
      };
    }
    if (roll < 0.05) return { kind: 'reset-after' };
    if (roll < 0.06) return { kind: 'hang-after' };
    return { kind: 'forward' };
  });
  store = openStore({ path: ':memory:' });
  executor = createSendSmsExecutor({
    store,
    transport: createTwilioTransport({
      credentials: sandbox.credentials(),
      baseUrl: proxy.url,
      kind: 'sandbox',
      timeoutMs: CLIENT_TIMEOUT_MS,
    }),
    environment: 'sandbox',
    defaultSenders: { sandbox: SENDER },
    retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 400, reconcileDelayMs: 50 },
    leaseMs: 15_000,
  });
});
afterAll(async () => {
  store?.close();
  await proxy?.close();
  await server?.close();
  sandbox?.close();
});

async function enqueue(to: string, body: string, runId: string) {
  const queued = await executor.enqueue(
    {
      message: { body },
      to: { kind: 'fixed', value: to },
      consent: { mode: 'not-required', reason: 'fault test' },
    },
    { runId, nodeId: 'sms' },
  );
  expect(queued.status).toBe('queued');
}

describe('network and Twilio faults', () => {
  it('every message ends sent exactly once or failed with its reason; permanent errors are never retried', async () => {
    const started = Date.now();
    for (let i = 0; i < ORDINARY; i++) await enqueue(ordinaryRecipient(i), `Fault test ${i}`, `faults-${i}`);
    for (const { to, code } of PERMANENT) {
      for (let i = 0; i < PER_PERMANENT_RECIPIENT; i++) {
        await enqueue(to, `Refused ${code} #${i}`, `refused-${code}-${i}`);
      }
    }
    const total = ORDINARY + PERMANENT.length * PER_PERMANENT_RECIPIENT;

    const worker = createOutboxWorker({ executor, concurrency: 16, pollIntervalMs: 10, leaseMs: 15_000 });
    await worker.start();
    const deadline = Date.now() + 300_000;
    for (;;) {
      const counts = await executor.outbox.counts();
      if (counts.queued + counts.sending + counts.unknown === 0) break;
      if (Date.now() > deadline) throw new Error(`outbox not drained: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await worker.stop();

    const received = new Map<string, string[]>();
    for (const m of sandbox.received()) received.set(m.body, [...(received.get(m.body) ?? []), m.sid]);
    const posts = new Map<string, typeof proxy.log>();
    for (const r of proxy.log) {
      if (r.method !== 'POST') continue;
      const body = r.form.get('Body') ?? '';
      posts.set(body, [...(posts.get(body) ?? []), r]);
    }

    const log = store.recentMessages(total);
    expect(log).toHaveLength(total);
    const outcomes: Record<string, number> = {};
    for (const message of log) {
      const body = message.body ?? '';
      const sids = received.get(body) ?? [];
      outcomes[message.outcome ?? 'none'] = (outcomes[message.outcome ?? 'none'] ?? 0) + 1;
      const permanent = PERMANENT.find((p) => p.to === message.to);
      if (message.outcome === 'sent') {
        expect({ body, sids }).toEqual({ body, sids: [message.sid] });
        expect(permanent).toBeUndefined();
      } else if (message.outcome === 'failed') {
        expect({ body, sids }).toEqual({ body, sids: [] });
        expect(message.error?.message, body).toMatch(/\w/);
        expect(message.error?.code, body).toBeTruthy();
      } else {
        // After a 21610 the recipient is opted out: the rest of their queue is not even tried.
        expect({ body, outcome: message.outcome }).toEqual({ body, outcome: 'opted_out' });
        expect(message.to).toBe('+15005550004');
        expect(sids).toEqual([]);
      }
      if (permanent && message.outcome === 'failed') {
        expect({ body, code: message.error?.code }).toEqual({ body, code: permanent.code });
        // The refusal is the last request the message ever made.
        const requests = posts.get(body) ?? [];
        const refusals = requests.filter((r) => r.code === permanent.code);
        expect({ body, refusals: refusals.length }).toEqual({ body, refusals: 1 });
        expect(requests.at(-1)?.code).toBe(permanent.code);
      }
    }
    // Only the recipient who was refused with 21610 is opted out, and that is recorded.
    expect(store.isOptedOut('sandbox', '+15005550004', SENDER)).toBe(true);
    expect(store.listOptOuts('sandbox').map((o) => o.recipient)).toEqual(['+15005550004']);
    for (const { to, code } of PERMANENT.filter((p) => p.code !== 21610)) {
      const theirs = log.filter((m) => m.to === to);
      expect(theirs.map((m) => m.error?.code)).toEqual(Array(PER_PERMANENT_RECIPIENT).fill(code));
    }

    // Retry-After is honoured: no request follows a 429 sooner than Twilio asked.
    const attempts = log.flatMap((m) => store.attempts(m.id));
    const byMessage = groupBy(attempts, (a) => a.messageId);
    let rateLimited = 0;
    for (const list of byMessage.values()) {
      list.forEach((attempt, index) => {
        const next = list[index + 1];
        if (attempt.httpStatus !== 429 || !next || !attempt.finishedAt) return;
        rateLimited += 1;
        expect(next.startedAt.getTime() - attempt.finishedAt.getTime()).toBeGreaterThanOrEqual(
          RETRY_AFTER_SECONDS * 1000 - 1,
        );
      });
    }

    // Every kind of fault did strike.
    const count = (outcome: string) => attempts.filter((a) => a.outcome === outcome).length;
    const actions = groupBy(proxy.log, (r) => `${r.method} ${r.action}`);
    for (const kind of ['reset-before', 'reset-after', 'hang-before', 'hang-after', 'answer']) {
      expect(actions.get(`POST ${kind}`)?.length ?? 0, kind).toBeGreaterThan(0);
    }
    expect(actions.get('GET reset-before')?.length ?? 0).toBeGreaterThan(0);
    expect(rateLimited).toBeGreaterThan(0);
    expect(count('unknown')).toBeGreaterThan(0);
    expect(count('reconciled')).toBeGreaterThan(0);
    expect(count('not-found')).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.httpStatus === 500).length + count('unknown')).toBeGreaterThan(0);

    const sendRequests = [...posts.values()].reduce((n, list) => n + list.length, 0);
    reportFigure('network-faults', {
      messages: total,
      sent: outcomes.sent ?? 0,
      failed: outcomes.failed ?? 0,
      optedOut: outcomes.opted_out ?? 0,
      duplicated: [...received.values()].filter((sids) => sids.length > 1).length,
      sendRequests,
      rateLimited,
      unknownOutcomes: count('unknown'),
      reconciledFound: count('reconciled'),
      reconciledNotFound: count('not-found'),
      lookups: proxy.log.length - sendRequests,
      seconds: Math.round((Date.now() - started) / 1000),
      seed: SEED,
    });
  });
});
