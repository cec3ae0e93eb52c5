import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import {
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  INBOUND_WEBHOOK_PATH,
  STATUS_WEBHOOK_PATH,
} from '../../src/executor/webhooks';
import { expectedTwilioSignature } from '../../src/executor/webhooks/signature';
import { reportFigure } from './support/figures';
import { fuzzRequests, sendFuzzed } from './support/http-fuzz';
import { SEED } from './support/seeded';
import { storeCounts, storeDigest } from './support/store-digest';
import {
  AUTH_TOKEN,
  inboundParams,
  signedPost,
  startWebhookStack,
  type WebhookStack,
} from './support/webhook-stack';

// Deployed behind a TLS proxy: Twilio signs the public https URL, the server listens on loopback.
const PUBLIC_BASE = 'https://hooks.example.com';
const PUBLIC_INBOUND = `${PUBLIC_BASE}${INBOUND_WEBHOOK_PATH}`;
const CUSTOMER = '+14155550123';
const OUR_NUMBER = '+14155550100';
const FUZZED = 100_000;

let store: FlowSmsStore;
let stack: WebhookStack;

beforeAll(async () => {
  store = openStore({ path: ':memory:' });
  stack = await startWebhookStack({ store, publicBaseUrl: PUBLIC_BASE });
  // One accepted message so the store is not empty and status callbacks have a sid to aim at.
  const first = await post(
    stack.localInboundUrl,
    signedPost(PUBLIC_INBOUND, inboundParams(CUSTOMER, OUR_NUMBER, 'Hello')),
  );
  expect(first.status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
  store?.close();
});

function post(url: string, init: RequestInit) {
  return fetch(url, init);
}

/** A STOP signed as `sign` says but posted as `send` says, with `headers` on top. */
function forged(options: {
  signedUrl?: string;
  signedParams?: Record<string, string>;
  sentParams?: Record<string, string>;
  token?: string;
  headers?: Record<string, string | null>;
}) {
  const params = options.sentParams ?? inboundParams(CUSTOMER, OUR_NUMBER, 'STOP');
  const signature = expectedTwilioSignature({
    authToken: options.token ?? AUTH_TOKEN,
    url: options.signedUrl ?? PUBLIC_INBOUND,
    params: options.signedParams ?? params,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': signature,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return { method: 'POST', headers, body: new URLSearchParams(params).toString() };
}

describe('webhook security', () => {
  const stop = () => inboundParams(CUSTOMER, OUR_NUMBER, 'STOP');
  const cases: Array<[string, () => RequestInit, number]> = [
    [
      'tampered params (signed HELLO, sent STOP)',
      () => {
        const sent = stop();
        return forged({ sentParams: sent, signedParams: { ...sent, Body: 'HELLO' } });
      },
      403,
    ],
    [
      'a parameter added after signing',
      () => {
        const signed = inboundParams(CUSTOMER, OUR_NUMBER, 'HELLO');
        return forged({ signedParams: signed, sentParams: { ...signed, Body: 'STOP', Extra: '1' } });
      },
      403,
    ],
    [
      'a parameter removed after signing',
      () => {
        const sent = stop();
        return forged({ sentParams: sent, signedParams: { ...sent, OptOutType: 'STOP' } });
      },
      403,
    ],
    ['tampered URL (another path)', () => forged({ signedUrl: `${PUBLIC_BASE}/webhooks/twilio/other` }), 403],
    [
      'tampered URL (another host)',
      () => forged({ signedUrl: `https://evil.example.com${INBOUND_WEBHOOK_PATH}` }),
      403,
    ],
    ['tampered URL (a query added)', () => forged({ signedUrl: `${PUBLIC_INBOUND}?admin=1` }), 403],
    [
      'http instead of https',
      () => forged({ signedUrl: `http://hooks.example.com${INBOUND_WEBHOOK_PATH}` }),
      403,
    ],
    [
      'another port',
      () => forged({ signedUrl: `https://hooks.example.com:8443${INBOUND_WEBHOOK_PATH}` }),
      403,
    ],
    [
      'the status URL signature on the inbound path',
      () => forged({ signedUrl: `${PUBLIC_BASE}${STATUS_WEBHOOK_PATH}` }),
      403,
    ],
    ['another auth token', () => forged({ token: 'someone-elses-token-000000000000' }), 403],
    ['a missing X-Twilio-Signature', () => forged({ headers: { 'x-twilio-signature': null } }), 403],
    ['an empty X-Twilio-Signature', () => forged({ headers: { 'x-twilio-signature': '' } }), 403],
    [
      'a spoofed X-Forwarded-Host and Proto matching what was signed',
      () =>
        forged({
          signedUrl: `https://evil.example.com${INBOUND_WEBHOOK_PATH}`,
          headers: {
            'x-forwarded-host': 'evil.example.com',
            'x-forwarded-proto': 'https',
            forwarded: 'host=evil.example.com;proto=https',
          },
        }),
      403,
    ],
    [
      'a spoofed Host matching what was signed',
      () =>
        forged({
          signedUrl: `http://evil.example.com${INBOUND_WEBHOOK_PATH}`,
          headers: { host: 'evil.example.com' },
        }),
      403,
    ],
    [
      'a valid signature over GET',
      () => ({ ...forged({}), method: 'GET', body: undefined }) as RequestInit,
      405,
    ],
    [
      'a valid signature with a JSON body',
      () => forged({ headers: { 'content-type': 'application/json' } }),
      415,
    ],
  ];

  it.each(cases)('rejects %s, and nothing changes', async (_label, build, status) => {
    const before = storeDigest(store);
    const response = await post(stack.localInboundUrl, build());
    expect(response.status).toBe(status);
    expect(storeDigest(store)).toBe(before);
    expect(store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER)).toBe(false);
  });

  it('a server with no auth token refuses even a request signed with the right one', async () => {
    const tokenless = await startWebhookStack({ store, publicBaseUrl: PUBLIC_BASE, authToken: null });
    try {
      const before = storeDigest(store);
      const response = await post(tokenless.localInboundUrl, forged({}));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).not.toBe(200);
      expect(storeDigest(store)).toBe(before);
      expect(store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER)).toBe(false);
    } finally {
      await tokenless.close();
    }
  });

  it('refuses oversized bodies, declared or streamed, and nothing changes', async () => {
    const before = storeDigest(store);
    const huge = new URLSearchParams({
      ...stop(),
      Body: 'x'.repeat(DEFAULT_WEBHOOK_MAX_BODY_BYTES),
    }).toString();
    const declared = await post(stack.localInboundUrl, { ...forged({}), body: huge });
    expect(declared.status).toBe(413);
    // No Content-Length: the body arrives as a stream and is cut off once it passes the limit.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8 * 1024)));
        controller.close();
      },
    });
    const streamed = await post(stack.localInboundUrl, {
      ...forged({}),
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(storeDigest(store)).toBe(before);
  });

  it('the same STOP, correctly signed, is taken (the harness can change state)', async () => {
    const response = await post(stack.localInboundUrl, forged({}));
    expect(response.status).toBe(200);
    expect(store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER)).toBe(true);
  });

  it(`${FUZZED} fuzzed requests never crash the server or change the store`, async () => {
    const before = storeDigest(store);
    const countsBefore = storeCounts(store);
    const started = Date.now();
    const result = await sendFuzzed(
      stack.server.url,
      fuzzRequests({
        count: FUZZED,
        seed: SEED,
        publicBase: PUBLIC_BASE,
        authToken: AUTH_TOKEN,
        maxBodyBytes: DEFAULT_WEBHOOK_MAX_BODY_BYTES,
      }),
      { concurrency: 32 },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(result.sent).toBe(FUZZED);
    // Nothing got through, and nothing blew up inside: every answer is a refusal the server meant.
    expect(result.byStatus['200'] ?? 0).toBe(0);
    expect(result.byStatus['204'] ?? 0).toBe(0);
    expect(Object.entries(result.byLabel).filter(([, statuses]) => statuses['500'])).toEqual([]);
    // Connections may only be dropped for bodies past the limit or bytes that are not HTTP.
    expect(result.unexpectedErrors).toEqual([]);
    expect(storeCounts(store)).toEqual(countsBefore);
    expect(storeDigest(store)).toBe(before);
    // Still serving.
    const after = await post(
      stack.localInboundUrl,
      signedPost(PUBLIC_INBOUND, inboundParams(CUSTOMER, OUR_NUMBER, 'Still there?')),
    );
    expect(after.status).toBe(200);
    reportFigure('webhook-fuzz', {
      requests: FUZZED,
      seconds: Math.round(seconds),
      perSecond: Math.round(FUZZED / seconds),
      ...Object.fromEntries(Object.entries(result.byStatus).map(([status, n]) => [`status${status}`, n])),
      droppedConnections: result.expectedErrors,
      rawAnswers: JSON.stringify(result.rawByStatus),
      seed: SEED,
    });
  });
});
