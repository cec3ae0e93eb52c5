import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendSmsExecutor } from '../../src/executor/executor';
import {
  createSandbox,
  type SandboxServer,
  startSandboxServer,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import { openStore } from '../../src/executor/store';
import { createTwilioTransport } from '../../src/executor/twilio';
import { type RunningChild, sigkill, startTsChild, waitFor } from './support/child-process';
import { reportFigure } from './support/figures';
import { scratchDir } from './support/scratch';
import { SEED, seeded } from './support/seeded';

const MESSAGES = 10_000;
const RECIPIENTS = 500;
const KILLS = 24;
// Every third kill lands while the sandbox holds an accepted message's answer: Twilio has it,
// the worker has not committed it.
const WINDOW_KILL_EVERY = 3;
const SENDER = '+14155550100';
const WORKER = join(import.meta.dirname, 'support', 'crash-worker.ts');
const CONCURRENCY = 16;

const bodyOf = (i: number) => `Crash test message ${i}: your code is ${(i * 7919) % 100_000}`;
const recipientOf = (i: number) => `+1415555${1000 + (i % RECIPIENTS)}`;

let scratch: ReturnType<typeof scratchDir>;
let sandbox: TwilioSandbox;
let server: SandboxServer;

beforeAll(async () => {
  scratch = scratchDir('crash');
  sandbox = createSandbox({ seed: SEED, carrierOptOut: false });
  server = await startSandboxServer(sandbox);
});
afterAll(async () => {
  await server?.close();
  sandbox?.close();
  scratch?.remove();
});

function startWorker(dbPath: string): RunningChild {
  return startTsChild(WORKER, {
    FLOW_SMS_DB: dbPath,
    SANDBOX_URL: server.url,
    SANDBOX_ACCOUNT_SID: sandbox.accountSid,
    SANDBOX_AUTH_TOKEN: sandbox.authToken,
    WORKER_CONCURRENCY: String(CONCURRENCY),
  });
}

describe('crash consistency', () => {
  it(`a worker draining ${MESSAGES} queued sends, SIGKILLed at ${KILLS} seeded points and restarted, sends each exactly once`, async () => {
    const started = Date.now();
    const dbPath = join(scratch.path, 'flow-sms.db');
    const store = openStore({ path: dbPath });
    const enqueuer = createSendSmsExecutor({
      store,
      transport: createTwilioTransport({
        credentials: sandbox.credentials(),
        baseUrl: server.url,
        kind: 'sandbox',
      }),
      environment: 'sandbox',
      defaultSenders: { sandbox: SENDER },
    });
    for (let i = 0; i < MESSAGES; i++) {
      const queued = await enqueuer.enqueue(
        {
          message: { body: 'Crash test message {{n}}: your code is {{code}}' },
          inputs: {
            n: { kind: 'fixed', value: String(i) },
            code: { kind: 'fixed', value: String((i * 7919) % 100_000) },
          },
          to: { kind: 'fixed', value: recipientOf(i) },
          consent: { mode: 'not-required', reason: 'crash test' },
        },
        { runId: `crash-${i}`, nodeId: 'sms' },
      );
      expect(queued.status).toBe('queued');
    }
    const enqueuedAt = Date.now();

    // A few accepted answers arrive late on their own, widening the acceptance-to-commit window
    // for the random kills too.
    sandbox.setFaultRates([{ fault: { kind: 'timeout-after-accept', holdMs: 150 }, rate: 0.02 }]);
    const rng = seeded(SEED);
    let kills = 0;
    let windowKills = 0;
    let progress = 0;
    while (kills < KILLS) {
      const run = startWorker(dbPath);
      if (kills % WINDOW_KILL_EVERY === 0) {
        // The next send is stored by the sandbox and its answer held far beyond the kill.
        sandbox.injectFault({ kind: 'timeout-after-accept', holdMs: 60_000 });
        await waitFor(run, () => sandbox.pendingFaults() === 0, 'the held send to arrive');
        await new Promise((resolve) => setTimeout(resolve, rng.int(5, 25)));
        windowKills += 1;
      } else {
        // Random points spread over the drain, each after some progress since the last restart.
        const remaining = MESSAGES - progress;
        const target = progress + rng.int(1, Math.max(1, Math.floor(remaining / (KILLS - kills + 1))));
        await waitFor(run, () => run.progress() >= target, `progress ${target}`);
        await new Promise((resolve) => setTimeout(resolve, rng.int(0, 40)));
      }
      await sigkill(run);
      progress = Math.max(progress, run.progress());
      kills += 1;
    }
    const last = startWorker(dbPath);
    expect(await last.exited, last.stderr()).toBe(0);
    expect(last.stdout()).toContain('drained');

    // The sandbox's own record is the judge: every body arrived exactly once, nothing else did.
    const received = sandbox.received();
    const timesReceived = new Map<string, number>();
    for (const message of received)
      timesReceived.set(message.body, (timesReceived.get(message.body) ?? 0) + 1);
    const duplicated = [...timesReceived].filter(([, n]) => n > 1);
    const lost = Array.from({ length: MESSAGES }, (_, i) => bodyOf(i)).filter(
      (body) => !timesReceived.has(body),
    );
    expect(duplicated).toEqual([]);
    expect(lost).toEqual([]);
    expect(received).toHaveLength(MESSAGES);
    for (const message of received) {
      const index = Number(/message (\d+):/.exec(message.body)?.[1]);
      expect(message.to).toBe(recipientOf(index));
    }

    // The local log agrees with it, sid for sid.
    expect(store.stats()).toMatchObject({ total: MESSAGES, sent: MESSAGES, failed: 0, pending: 0 });
    const log = store.recentMessages(MESSAGES);
    expect(log).toHaveLength(MESSAGES);
    const sidByBody = new Map(received.map((m) => [m.body, m.sid]));
    const mismatched = log.filter((m) => m.outcome !== 'sent' || m.sid !== sidByBody.get(m.body ?? ''));
    expect(mismatched).toEqual([]);
    const counts = await enqueuer.outbox.counts();
    expect(counts).toMatchObject({ sent: MESSAGES, queued: 0, sending: 0, unknown: 0, failed: 0 });

    // The kills did land between acceptance and commit: those sends were found at the sandbox.
    const attempts = log.flatMap((m) => store.attempts(m.id));
    const reconciled = attempts.filter((a) => a.outcome === 'reconciled').length;
    expect(attempts.filter((a) => a.outcome === 'pending')).toEqual([]);
    expect(reconciled).toBeGreaterThanOrEqual(windowKills);
    store.close();

    const seconds = (Date.now() - enqueuedAt) / 1000;
    reportFigure('crash-consistency', {
      messages: MESSAGES,
      kills,
      windowKills,
      reconciled,
      lost: lost.length,
      duplicated: duplicated.length,
      drainSeconds: Math.round(seconds),
      enqueueSeconds: Math.round((enqueuedAt - started) / 1000),
      seed: SEED,
    });
  });
});
