// The process the crash test kills: drains the outbox in FLOW_SMS_DB against the sandbox served by
// the parent, then exits 0 when nothing is left to send. Run with `node --import tsx`.
import { createSendSmsExecutor } from '../../../src/executor/executor';
import { createOutboxWorker } from '../../../src/executor/outbox';
import { openStore } from '../../../src/executor/store';
import { createTwilioTransport } from '../../../src/executor/twilio';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`crash-child: ${name} is not set`);
  return value;
};

const store = openStore({ path: env('FLOW_SMS_DB') });
const transport = createTwilioTransport({
  credentials: { accountSid: env('SANDBOX_ACCOUNT_SID'), authToken: env('SANDBOX_AUTH_TOKEN') },
  baseUrl: env('SANDBOX_URL'),
  kind: 'sandbox',
  timeoutMs: 5_000,
});
const executor = createSendSmsExecutor({
  store,
  transport,
  environment: 'sandbox',
  retry: { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 500, reconcileDelayMs: 0 },
  leaseMs: 2_000,
});
// A stable id: the restarted process takes back at once what the killed one held.
const worker = createOutboxWorker({ executor, workerId: 'crash-worker', concurrency: 8, pollIntervalMs: 20 });

await worker.start();
for (;;) {
  const counts = await executor.outbox.counts();
  const open = counts.queued + counts.sending + counts.unknown;
  process.stdout.write(`progress ${counts.sent}\n`);
  if (open === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 25));
}
await worker.stop();
store.close();
process.stdout.write('drained\n');
