import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { transportOverHttp } from './support/sandbox-helpers';

const MESSAGES = 1_000;
const KILLS = 5;
const SENDER = '+14155550100';
const CHILD = join(import.meta.dirname, 'support/crash-child.ts');

let dir: string;
let sandbox: TwilioSandbox;
let server: SandboxServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flow-sms-crash-'));
  sandbox = createSandbox();
  server = await startSandboxServer(sandbox);
});
afterAll(async () => {
  await server?.close();
  sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startChild(dbPath: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      FLOW_SMS_DB: dbPath,
      SANDBOX_URL: server.url,
      SANDBOX_ACCOUNT_SID: sandbox.accountSid,
      SANDBOX_AUTH_TOKEN: sandbox.authToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output, errors: () => errors };
}

/** Resolves once the child has reported sending at least `after` messages in total. */
function sentAtLeast(run: ReturnType<typeof startChild>, after: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const counts = [...run.output().matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
      if ((counts.at(-1) ?? -1) >= after) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(check, 5);
    run.exited.then(() => {
      clearInterval(timer);
      reject(new Error(`child exited before sending ${after}: ${run.errors()}`));
    });
  });
}

const kill = async (child: ChildProcess, exited: Promise<number | null>) => {
  child.kill('SIGKILL');
  await exited;
};

describe('crash safety', () => {
  it('a worker killed with SIGKILL at random points, then restarted, sends every message exactly once', async () => {
    const dbPath = join(dir, 'flow-sms.db');
    const store = openStore({ path: dbPath });
    const enqueuer = createSendSmsExecutor({
      store,
      transport: transportOverHttp(sandbox, server),
      environment: 'sandbox',
      defaultSenders: { sandbox: SENDER, live: SENDER },
    });
    const recipients: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const to = `+1415555${1000 + i}`;
      recipients.push(to);
      const queued = await enqueuer.enqueue(
        {
          message: { body: 'Message {{n}} of the crash test' },
          inputs: { n: { kind: 'fixed', value: String(i) } },
          to: { kind: 'fixed', value: to },
          consent: { mode: 'not-required', reason: 'crash test' },
        },
        { runId: `crash-${i}`, nodeId: 'sms' },
      );
      expect(queued.status).toBe('queued');
    }

    // Kill the worker at random moments while it drains: each time after it has made some progress.
    let killed = 0;
    let target = 0;
    while (killed < KILLS) {
      const run = startChild(dbPath);
      target += Math.floor(Math.random() * (MESSAGES / (KILLS + 2)));
      await sentAtLeast(run, target);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      await kill(run.child, run.exited);
      killed += 1;
    }
    const last = startChild(dbPath);
    expect(await last.exited, last.errors()).toBe(0);
    expect(last.output()).toContain('drained');

    // The sandbox's own record is the judge: each recipient got its message once.
    const received = sandbox.received();
    const perRecipient = new Map<string, number>();
    for (const message of received) perRecipient.set(message.to, (perRecipient.get(message.to) ?? 0) + 1);
    const duplicates = [...perRecipient].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    expect(received).toHaveLength(MESSAGES);
    expect(new Set(received.map((m) => m.to))).toEqual(new Set(recipients));

    // And the log agrees with it, sid for sid.
    const log = store.recentMessages(MESSAGES);
    expect(log.every((m) => m.outcome === 'sent')).toBe(true);
    const sids = new Set(received.map((m) => m.sid));
    expect(log.filter((m) => m.sid && sids.has(m.sid))).toHaveLength(MESSAGES);
    // The kills did land mid-send: some requests' fate had to be looked up at the sandbox.
    const attempts = log.flatMap((m) => store.attempts(m.id));
    const lookups = attempts.filter((a) => a.outcome === 'reconciled' || a.outcome === 'not-found');
    // Attempts a killed process left open are closed as interrupted when their message is settled.
    expect(attempts.filter((a) => a.outcome === 'pending')).toEqual([]);
    expect(lookups.length).toBeGreaterThan(0);
    store.close();
  }, 300_000);
});
