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
import type { Durability } from '../src/executor/store/schemas';
import { createTwilioTransport } from '../src/executor/twilio';
import { RoutingRequestClient } from '../src/executor/twilio/http-client';
import { percentileOf } from './harness/measure';
import { formatCount, formatDuration, formatRatio } from './harness/report';
import type { BenchContext, Benchmark, BenchSection } from './harness/types';
import { countCommits } from './sqlite-commits';

const CONCURRENCY = 16;
/** Warm-up first: the server process and both clients need a few thousand requests before their JIT settles. */
const PLAN = {
  quick: { messages: 1_000, rounds: 5, warmupBare: 2_000, warmupOurs: 1_000 },
  full: { messages: 3_000, rounds: 7, warmupBare: 4_000, warmupOurs: 2_000 },
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

type Bare = 'bare' | 'bareNodeHttp';
type Ours = 'durable' | 'processCrash' | 'memory';
type Side = Bare | Ours;

/** flow-sms as shipped, plus two stores that trade durability away, to show what the disk costs. */
const STORES: Record<Ours, { label: string; path: (dir: string) => string; durability?: Durability }> = {
  durable: {
    label: "SQLite file, durability 'power-loss' (the default)",
    path: (dir) => join(dir, 'durable.db'),
  },
  processCrash: {
    label: "SQLite file, durability 'process-crash' (survives a killed process, not a power cut)",
    path: (dir) => join(dir, 'process-crash.db'),
    durability: 'process-crash',
  },
  memory: { label: 'SQLite in memory (not durable)', path: () => ':memory:' },
};

async function run(context: BenchContext): Promise<BenchSection> {
  const plan = PLAN[context.mode];
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'flow-sms-bench-'));
  const stores: { close(): void }[] = [];
  try {
    const executorWith = (side: Ours): SendSmsExecutor => {
      const { path, durability } = STORES[side];
      const store = openStore({ path: path(dir), ...(durability ? { durability } : {}) });
      stores.push(store);
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
    const bareLoop = (client: ReturnType<typeof twilio>) => async (i: number) => {
      const created = await client.messages.create({ to: recipient(i), from: SENDER, body: RENDERED });
      if (!created.sid) throw new Error(`The bare SDK got no SID for message ${i}`);
    };
    const senders: Record<Side, (i: number) => Promise<void>> = {
      bare: bareLoop(bareClient(server)),
      bareNodeHttp: bareLoop(
        twilio(server.accountSid, server.authToken, {
          httpClient: new RoutingRequestClient(server.url, 30_000),
          autoRetry: false,
        }),
      ),
      durable: wholePath(executorWith('durable')),
      processCrash: wholePath(executorWith('processCrash')),
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
    await batch('bareNodeHttp', plan.warmupBare);
    for (const side of ['durable', 'processCrash', 'memory'] as const) await batch(side, plan.warmupOurs);

    const sides: Side[] = ['bare', 'bareNodeHttp', 'durable', 'processCrash', 'memory'];
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
    const leanPeer = "bare twilio SDK on flow-sms's node:http client";
    const bareRate = throughput('bare');
    const ratioOf = (side: Ours) => throughput(side) / bareRate;
    const rateRow = (what: string, side: Ours, against: Bare = 'bare') => [
      what,
      `${formatCount(throughput(side))} msg/s`,
      against === 'bare' ? peer : leanPeer,
      `${formatCount(throughput(against))} msg/s`,
      formatRatio(throughput(side) / throughput(against)),
    ];
    const cpuRow = (what: string, side: Ours) => [
      what,
      formatDuration(cpuPerMessage(side)),
      peer,
      formatDuration(cpuPerMessage('bare')),
      formatRatio(cpuPerMessage('bare') / cpuPerMessage(side)),
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
      cpuRow('client CPU per message', 'durable'),
      ['SQLite commits per message, sent one at a time', formatCount(commits / 50), peer, '0', '—'],
      rateRow(`throughput, ${STORES.processCrash.label}`, 'processCrash'),
      rateRow(`throughput, ${STORES.memory.label}`, 'memory'),
      cpuRow(`client CPU per message, ${STORES.memory.label}`, 'memory'),
      rateRow(`throughput, ${STORES.durable.label}`, 'durable', 'bareNodeHttp'),
    ];
    const verdict = (side: Ours) =>
      `${formatRatio(ratioOf(side))}, ${ratioOf(side) >= 0.8 ? 'met' : 'NOT met'}`;
    return {
      title: 'Executor throughput',
      headline: [rows[0]!.map((cell, i) => (i === 0 ? 'executor throughput, durable' : cell))],
      tables: [
        {
          title: `Executor throughput, ${CONCURRENCY} in flight, ${plan.rounds} rounds of ${formatCount(plan.messages)} messages per side`,
          columns: ['what', 'flow-sms', 'peer', 'peer figure', 'ratio'],
          rows,
          notes: [
            `Target: at least 0.8 of the bare SDK's throughput while durable. Power-loss durability (the default): ${verdict('durable')}; process-crash durability: ${verdict('processCrash')}.`,
            "flow-sms's transport hands the SDK a node:http client instead of the SDK's default (axios), which halves the SDK's CPU per request; the last row compares against the bare SDK given that same client, so it shows what the durable path itself costs.",
            'flow-sms: `executor.execute` per message: node and context validation, recipient normalisation, render, opt-out check, message log and outbox entry in SQLite, the Twilio transport (the official SDK), and the outcome written back. The first four rows and the last use the store as shipped (WAL, a commit flushed to disk before a send leaves, a file on ext4); the others change only the store. Bare: `client.messages.create` with the already rendered text, nothing stored.',
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
