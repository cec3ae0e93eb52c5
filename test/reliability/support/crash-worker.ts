// The process the crash-consistency test kills: drains the outbox in FLOW_SMS_DB against the
// sandbox the parent serves over HTTP, printing `progress <sent>` as it goes, and exits 0 once
// nothing is left to send. Run with `node --import tsx`.
import { createSendSmsExecutor } from '../../../src/executor/executor';
import { createOutboxWorker } from '../../../src/executor/outbox';
import { openStore } from '../../../src/executor/store';
import { createTwilioTransport } from '../../../src/executor/twilio';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`crash-worker: ${name} is not set`);
  return value;
};

const store = openStore({ path: env('FLOW_SMS_DB') });
const executor = createSendSmsExecutor({
  store,
  transport: createTwilioTransport({
    credentials: { accountSid: env('SANDBOX_ACCOUNT_SID'), authToken: env('SANDBOX_AUTH_TOKEN') },
    baseUrl: env('SANDBOX_URL'),
    kind: 'sandbox',
    timeoutMs: 10_000,
  }),
  environment: 'sandbox',
  retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 200, reconcileDelayMs: 0 },
  leaseMs: 5_000,
});
// A stable id: the restarted process takes back at once what the killed one held.
const worker = createOutboxWorker({
  executor,
  workerId: 'crash-worker',
  concurrency: Number(env('WORKER_CONCURRENCY')),
  pollIntervalMs: 10,
});

await worker.start();
for (;;) {
  const counts = await executor.outbox.counts();
  process.stdout.write(`progress ${counts.sent}\n`);
  if (counts.queued + counts.sending + counts.unknown === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await worker.stop();
const counts = await executor.outbox.counts();
store.close();
process.stdout.write(`drained ${JSON.stringify(counts)}\n`);
