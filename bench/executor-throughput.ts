import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient';
import { createSendSmsExecutor, type SendSmsExecutor } from '../src/executor/executor';
import { openStore } from '../src/executor/store';
import { createTwilioTransport } from '../src/executor/twilio';
import { percentileOf } from './harness/measure';
import { formatCount, formatDuration, formatRatio } from './harness/report';
import type { BenchContext, Benchmark, BenchSection } from './harness/types';
import { countCommits } from './sqlite-commits';

const CONCURRENCY = 16;
/** Warm-up first: the server process and both clients need a few thousand requests before their JIT settles. */
const PLAN = {
  quick: { messages: 300, rounds: 3, warmupBare: 1_500, warmupOurs: 300 },
  full: { messages: 2_000, rounds: 5, warmupBare: 4_000, warmupOurs: 1_000 },
} as const;

const SENDER = '+15005550006';
const BODY = 'Hi {{first_name}}, your table at {{venue}} is booked for {{time}}. Reply STOP to opt out.';
const VALUES = { first_name: 'Alex', venue: 'Luigi', time: '19:30' };
const RENDERED = 'Hi Alex, your table at Luigi is booked for 19:30. Reply STOP to opt out.';

const NODE = {
  message: { body: BODY },
  inputs: {
    first_name: { kind: 'variable', path: 'first_name' },
    venue: { kind: 'variable', path: 'venue' },
    time: { kind: 'variable', path: 'time' },
  },
  consent: { mode: 'not-required', reason: 'The caller booked a table and asked for a confirmation' },
};

/** Ordinary New York numbers, a different one per message. */
function recipient(i: number): string {
  return `+1646201${String(i % 10_000).padStart(4, '0')}`;
}

interface Server {
  url: string;
  accountSid: string;
  authToken: string;
  child: ChildProcess;
}

async function startServer(): Promise<Server> {
  const script = fileURLToPath(new URL('./executor-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`The sandbox server exited with code ${code} before it started`)),
    );
  });
  return { ...JSON.parse(first), child };
}

/** The bare SDK pointed at the same server: the smallest change that makes it leave api.twilio.com. */
function bareClient(server: Server) {
  const origin = 'https://api.twilio.com';
  class Redirected extends twilio.RequestClient {
    override request<T>(options: RequestClientTypes.RequestOptions<T>) {
      return super.request<T>({ ...options, uri: options.uri.replace(origin, server.url) });
    }
  }
  return twilio(server.accountSid, server.authToken, {
    httpClient: new Redirected({ keepAlive: true }),
    autoRetry: false,
  });
}

interface RunResult {
  wallMs: number;
  cpuMs: number;
  latencies: number[];
}

/** Sends `count` messages with `CONCURRENCY` in flight at all times. */
async function runConcurrent(
  count: number,
  offset: number,
  send: (i: number) => Promise<void>,
): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = offset + next++;
      const t0 = performance.now();
      await send(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, latencies };
}

function median(values: readonly number[]): number {
  return percentileOf(values, 50);
}

type Side = 'bare' | 'durable' | 'normal' | 'memory';

/** flow-sms as shipped, plus two stores that trade durability away, to show what the disk costs. */
const STORES: Record<
  Exclude<Side, 'bare'>,
  { label: string; path: (dir: string) => string; synchronous?: string }
> = {
  durable: { label: 'SQLite file, synchronous = FULL (as shipped)', path: (dir) => join(dir, 'durable.db') },
  normal: {
    label: 'SQLite file, synchronous = NORMAL (survives a process crash, not a power cut)',
    path: (dir) => join(dir, 'normal.db'),
    synchronous: 'NORMAL',
  },
  memory: { label: 'SQLite in memory (not durable)', path: () => ':memory:' },
};

async function run(context: BenchContext): Promise<BenchSection> {
  const plan = PLAN[context.mode];
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'flow-sms-bench-'));
  const stores: { close(): void }[] = [];
  try {
    const executorWith = (side: Exclude<Side, 'bare'>): SendSmsExecutor => {
      const store = openStore({ path: STORES[side].path(dir) });
      stores.push(store);
      if (STORES[side].synchronous) store.db.pragma(`synchronous = ${STORES[side].synchronous}`);
      const transport = createTwilioTransport({
        credentials: { accountSid: server.accountSid, authToken: server.authToken },
        baseUrl: server.url,
        kind: 'sandbox',
      });
      return createSendSmsExecutor({
        store,
        transport,
        environment: 'sandbox',
        defaultSenders: { sandbox: SENDER },
      });
    };
    const wholePath = (executor: SendSmsExecutor) => async (i: number) => {
      const result = await executor.execute(NODE, {
        runId: `bench-${i}`,
        nodeId: 'confirm',
        variables: VALUES,
        callerNumber: recipient(i),
      });
      if (result.branch !== 'sent') throw new Error(`flow-sms ended on "${result.branch}" for message ${i}`);
    };
    const client = bareClient(server);
    const senders: Record<Side, (i: number) => Promise<void>> = {
      bare: async (i) => {
        const created = await client.messages.create({ to: recipient(i), from: SENDER, body: RENDERED });
        if (!created.sid) throw new Error(`The bare SDK got no SID for message ${i}`);
      },
      durable: wholePath(executorWith('durable')),
      normal: wholePath(executorWith('normal')),
      memory: wholePath(executorWith('memory')),
    };
    // Message numbers never repeat, so every send is a new message (run ids are idempotency keys).
    let offset = 0;
    const batch = async (side: Side, count: number) => {
      const result = await runConcurrent(count, offset, senders[side]);
      offset += count;
      return result;
    };

    context.log(`executor: warm-up (${plan.warmupBare} bare, ${plan.warmupOurs} per flow-sms store)`);
    await batch('bare', plan.warmupBare);
    for (const side of ['durable', 'normal', 'memory'] as const) await batch(side, plan.warmupOurs);

    const sides: Side[] = ['bare', 'durable', 'normal', 'memory'];
    const results = new Map<Side, RunResult[]>(sides.map((side) => [side, []]));
    for (let round = 0; round < plan.rounds; round++) {
      // Rotate the order, so a slow stretch of the machine cannot favour one side.
      const order = sides.map((_, k) => sides[(k + round) % sides.length]!);
      for (const side of order) {
        context.log(`executor: round ${round + 1}/${plan.rounds}, ${side}, ${plan.messages} messages`);
        results.get(side)!.push(await batch(side, plan.messages));
      }
    }

    const commits = await countCommits(async () => {
      const executor = executorWith('durable');
      for (let i = 0; i < 50; i++) await wholePath(executor)(offset++);
    });

    const throughput = (side: Side) =>
      median(results.get(side)!.map((r) => plan.messages / (r.wallMs / 1000)));
    const latencies = (side: Side) => results.get(side)!.flatMap((r) => r.latencies);
    const cpuPerMessage = (side: Side) => median(results.get(side)!.map((r) => r.cpuMs / plan.messages));
    const peer = 'bare twilio SDK';
    const bareRate = throughput('bare');
    const durableRatio = throughput('durable') / bareRate;
    const rateRow = (what: string, side: Side) => [
      what,
      `${formatCount(throughput(side))} msg/s`,
      peer,
      `${formatCount(bareRate)} msg/s`,
      formatRatio(throughput(side) / bareRate),
    ];
    const rows = [
      rateRow('throughput', 'durable'),
      ...[50, 99].map((p) => {
        const ours = percentileOf(latencies('durable'), p);
        const theirs = percentileOf(latencies('bare'), p);
        return [
          `latency p${p}`,
          formatDuration(ours),
          peer,
          formatDuration(theirs),
          formatRatio(theirs / ours),
        ];
      }),
      [
        'client CPU per message',
        formatDuration(cpuPerMessage('durable')),
        peer,
        formatDuration(cpuPerMessage('bare')),
        formatRatio(cpuPerMessage('bare') / cpuPerMessage('durable')),
      ],
      ['SQLite commits per message, sent one at a time', formatCount(commits / 50), peer, '0', '—'],
      rateRow(`throughput, ${STORES.normal.label}`, 'normal'),
      rateRow(`throughput, ${STORES.memory.label}`, 'memory'),
      [
        `client CPU per message, ${STORES.memory.label}`,
        formatDuration(cpuPerMessage('memory')),
        peer,
        formatDuration(cpuPerMessage('bare')),
        formatRatio(cpuPerMessage('bare') / cpuPerMessage('memory')),
      ],
    ];
    return {
      title: 'Executor throughput',
      headline: [rows[0]!.map((cell, i) => (i === 0 ? 'executor throughput, durable' : cell))],
      tables: [
        {
          title: `Executor throughput, ${CONCURRENCY} in flight, ${plan.rounds} rounds of ${formatCount(plan.messages)} messages per side`,
          columns: ['what', 'flow-sms', 'peer', 'peer figure', 'ratio'],
          rows,
          notes: [
            `Target: at least 0.8 of the bare SDK's throughput while durable: ${formatRatio(durableRatio)}, ${durableRatio >= 0.8 ? 'met' : 'NOT met'}.`,
            'flow-sms: `executor.execute` per message: node and context validation, recipient normalisation, render, opt-out check, message log and outbox entry in SQLite, the Twilio transport (the official SDK), and the outcome written back. The first four rows use the store as shipped (WAL, synchronous = FULL, a file on ext4); the last two change only the store. Bare: `client.messages.create` with the already rendered text, nothing stored.',
            'Both talk to the flow-sms sandbox (a Twilio-compatible REST server) over HTTP on 127.0.0.1, in its own process, with keep-alive connections. Throughput: median over rounds (the order rotates each round); latencies pool every message; CPU is this process only; commits counted over 50 sequential messages.',
          ],
        },
      ],
    };
  } finally {
    for (const store of stores) store.close();
    rmSync(dir, { recursive: true, force: true });
    server.child.stdin?.end();
    server.child.kill();
  }
}

export const executorBenchmark: Benchmark = {
  id: 'executor',
  title: 'Executor throughput',
  run,
};
