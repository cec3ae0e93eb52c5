import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/executor/store';
import { isKnownStatus, statusRank } from '../../src/executor/store/status';
import { createWebhookHandlers, STATUS_WEBHOOK_PATH } from '../../src/executor/webhooks';
import { reportFigure } from './support/figures';
import { SEED } from './support/seeded';
import { AUTH_TOKEN, signedPost } from './support/webhook-stack';

const PUBLIC_BASE = 'https://hooks.example.com';
const RUNS = 400;

/** What Twilio reports over a message's life, one path per way it can go. */
const LIFECYCLES: ReadonlyArray<{ initial: string; path: readonly string[] }> = [
  { initial: 'queued', path: ['queued', 'sent', 'delivered'] },
  { initial: 'queued', path: ['queued', 'sending', 'sent', 'undelivered'] },
  { initial: 'queued', path: ['queued', 'sending', 'failed'] },
  { initial: 'accepted', path: ['accepted', 'queued', 'sending', 'sent', 'delivered', 'read'] },
  { initial: 'accepted', path: ['queued', 'sent', 'undelivered'] },
];
const FAILED = new Set(['failed', 'undelivered']);

/** Twilio's statuses are lower case; the store reads them trimmed and lower-cased. */
const normalised = (status: string) => status.trim().toLowerCase();

// Statuses Twilio may add tomorrow, blank ones, and names that are dangerous as object keys.
const unknownStatus = fc
  .oneof(
    fc.constantFrom('carrier_pending', 'receiving', '__proto__', 'constructor', 'toString', ' '),
    fc.string({ minLength: 1, maxLength: 20 }),
  )
  .filter((status) => !isKnownStatus(normalised(status)));

const scenario = fc
  .record({
    lifecycle: fc.constantFrom(...LIFECYCLES),
    errorCode: fc.constantFrom('30003', '30006', '30007', '30034'),
    unknown: fc.array(unknownStatus, { maxLength: 3 }),
    // Whether the send's answer was lost, so the first callback must bind the sid by outboxId.
    answerLost: fc.boolean(),
  })
  .chain((base) => {
    const callbacks = [...base.lifecycle.path, ...base.unknown];
    // Indices into the callbacks: any order, any repetition, any omission.
    return fc.record({
      base: fc.constant(base),
      callbacks: fc.constant(callbacks),
      delivered: fc.array(fc.nat({ max: callbacks.length - 1 }), { maxLength: callbacks.length * 3 }),
      replayOrder: fc.array(fc.nat(), { minLength: callbacks.length * 3, maxLength: callbacks.length * 3 }),
    });
  });

const store = openStore({ path: ':memory:' });
const handlers = createWebhookHandlers({
  store,
  environment: 'sandbox',
  authToken: AUTH_TOKEN,
  publicBaseUrl: PUBLIC_BASE,
  logger: {},
});
afterAll(() => store.close());

let counter = 0;

describe('status callbacks', () => {
  it(`shuffled, duplicated and dropped callbacks: the furthest status wins, duplicates change nothing, unknown statuses are accepted (${RUNS} runs)`, async () => {
    let callbacksPosted = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ base, callbacks, delivered, replayOrder }) => {
        counter += 1;
        const id = `status-${counter}`;
        const sid = `SM${counter.toString(16).padStart(32, '0')}`;
        const url = `${PUBLIC_BASE}${STATUS_WEBHOOK_PATH}?outboxId=${id}`;
        store.createMessage({
          id,
          idempotencyKey: id,
          environment: 'sandbox',
          runId: id,
          nodeId: 'sms',
          to: '+14155550123',
          from: '+14155550100',
          body: 'Status test',
          statusCallback: url,
          at: new Date(),
        });
        if (!base.answerLost) store.markAccepted(id, { sid, status: base.lifecycle.initial, at: new Date() });

        const post = async (status: string) => {
          const params: Record<string, string> = {
            AccountSid: 'AC00000000000000000000000000000000',
            ApiVersion: '2010-04-01',
            From: '+14155550100',
            To: '+14155550123',
            MessageSid: sid,
            SmsSid: sid,
            MessageStatus: status,
            SmsStatus: status,
            // Extra parameters Twilio adds for some carriers and channels.
            RawDlrDoneDate: '2511250803',
            ChannelStatusMessage: 'ok',
            ...(FAILED.has(status) ? { ErrorCode: base.errorCode } : {}),
          };
          const response = await handlers.status(new Request(url, signedPost(url, params)));
          callbacksPosted += 1;
          // A blank status is a malformed callback (400); anything else, known or not, is taken (204).
          // Never a 5xx, which would send Twilio to the fallback URL and retrying.
          const expected = normalised(status) === '' ? 400 : 204;
          expect({ status, code: response.status }).toEqual({ status, code: expected });
        };
        for (const index of delivered) await post(callbacks[index] as string);

        const startRank = base.answerLost ? 0 : (statusRank(base.lifecycle.initial) ?? 0);
        const candidates = [
          ...(base.answerLost ? [] : [base.lifecycle.initial]),
          ...delivered.map((i) => normalised(callbacks[i] as string)).filter(isKnownStatus),
        ];
        const furthest = Math.max(startRank, ...candidates.map((s) => statusRank(s) ?? 0));
        const expected = candidates.find((s) => statusRank(s) === furthest);
        const message = store.messageById(id);
        if (expected === undefined) {
          // No known status ever arrived for a message whose answer was lost: it stays as it was.
          expect(message?.status).toBe('pending');
        } else {
          expect(message?.status).toBe(expected);
          expect(message?.sid).toBe(sid);
        }
        if (expected && FAILED.has(expected)) expect(String(message?.error?.code)).toBe(base.errorCode);

        // Every callback again, in another order: nothing moves.
        const before = store.messageById(id);
        const again = delivered
          .map((index, position) => ({ index, key: replayOrder[position] ?? 0 }))
          .sort((a, b) => a.key - b.key);
        for (const { index } of again) await post(callbacks[index] as string);
        expect(store.messageById(id)).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    reportFigure('status-callbacks', { runs: RUNS, callbacksPosted, seed: SEED });
  });
});
