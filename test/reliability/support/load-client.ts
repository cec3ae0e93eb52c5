// Load generator for the webhook load test, run as a child process (`node --import tsx`) so that
// neither its CPU nor its heap is counted against the server it measures. It posts correctly
// signed inbound SMS webhooks, one in STOP_EVERY of them a STOP from a fresh number, and writes a
// JSON summary (autocannon's figures and the STOPs the server confirmed) to LOAD_RESULT.
import { writeFileSync } from 'node:fs';
import autocannon, { type Request as LoadRequest } from 'autocannon';
import { INBOUND_WEBHOOK_PATH } from '../../../src/executor/webhooks';
import { expectedTwilioSignature } from '../../../src/executor/webhooks/signature';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`load-client: ${name} is not set`);
  return value;
};

const target = env('LOAD_URL');
const authToken = env('LOAD_AUTH_TOKEN');
const amount = Number(process.env.LOAD_AMOUNT ?? 0);
const seconds = Number(process.env.LOAD_SECONDS ?? 0);
// Numbers differ between runs so that each run's STOPs are its own.
const firstNumber = Number(env('LOAD_FIRST'));
const stopEvery = Number(env('LOAD_STOP_EVERY'));
const url = `${target}${INBOUND_WEBHOOK_PATH}`;

let counter = 0;
const confirmedStops: string[] = [];
const numberOf = (n: number) => `+1415${String(firstNumber + n).padStart(7, '0')}`;

const instance = autocannon(
  {
    url: target,
    connections: Number(process.env.LOAD_CONNECTIONS ?? 32),
    ...(amount > 0 ? { amount } : { duration: seconds }),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: INBOUND_WEBHOOK_PATH,
        setupRequest(request: LoadRequest, context: { stop?: string | null }) {
          const n = counter++;
          const stop = n % stopEvery === 0;
          const sid = `SM${n.toString(16).padStart(8, '0')}${firstNumber.toString(16).padStart(24, '0')}`;
          const params = {
            AccountSid: 'AC00000000000000000000000000000000',
            ApiVersion: '2010-04-01',
            MessageSid: sid,
            SmsSid: sid,
            From: numberOf(n),
            To: '+14155550100',
            Body: stop ? 'STOP' : `Message ${n}: see you at 10:30, thanks!`,
            NumMedia: '0',
            NumSegments: '1',
          };
          context.stop = stop ? params.From : null;
          return {
            ...request,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': expectedTwilioSignature({ authToken, url, params }),
            },
            body: new URLSearchParams(params).toString(),
          };
        },
        onResponse(status: number, _body: string, context: { stop?: string | null }) {
          if (status === 200 && typeof context.stop === 'string') confirmedStops.push(context.stop);
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    writeFileSync(
      env('LOAD_RESULT'),
      JSON.stringify({
        requests: result.requests.total,
        requestsPerSecond: result.requests.average,
        latencyP50: result.latency.p50,
        latencyP99: result.latency.p99,
        duration: result.duration,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        mismatches: result.mismatches,
        sent: counter,
        confirmedStops,
      }),
    );
  },
);
process.once('SIGTERM', () => instance.stop());
