import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import type { WebhookOptions } from '../../src/executor/webhooks';
import {
  CUSTOMER,
  INBOUND_URL,
  inboundParams,
  OUR_NUMBER,
  type SignOptions,
  STATUS_URL,
  twilioRequest,
  twiml,
  webhookHandlersFor,
} from './support/webhook-helpers';

let store: FlowSmsStore;
beforeEach(() => {
  store = openStore({ path: ':memory:' });
});
afterEach(() => store.close());

const setup = (extra: Partial<WebhookOptions> = {}) => webhookHandlersFor(store, extra);

/** Posts a STOP; returns the status and whether anything in the store changed. */
async function postStop(options: SignOptions & { postTo?: string; extra?: Partial<WebhookOptions> } = {}) {
  const { handlers, log } = setup(options.extra);
  const params = inboundParams('STOP');
  const response = await handlers.inbound(twilioRequest(options.postTo ?? INBOUND_URL, params, options));
  return {
    status: response.status,
    text: await response.text(),
    changed:
      store.inboundBySid(params.MessageSid as string) !== null ||
      store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER),
    log: log.lines.join('\n'),
  };
}

describe('inbound webhook signature: accepted', () => {
  it('a request signed over the configured public URL, wherever it was posted', async () => {
    const direct = await postStop();
    expect(direct.status).toBe(200);
    expect(direct.changed).toBe(true);
    // Behind a proxy the request arrives at a local address; the signature is over the public URL.
    const proxied = await postStop({
      postTo: 'http://127.0.0.1:8787/webhooks/twilio/inbound',
      signedUrl: INBOUND_URL,
    });
    expect(proxied.status).toBe(200);
  });

  it('a public URL with an explicit port, signed with that port', async () => {
    const base = 'https://hooks.example.com:8443';
    const result = await postStop({
      postTo: `${base}/webhooks/twilio/inbound`,
      extra: { publicBaseUrl: base },
    });
    expect(result.status).toBe(200);
  });
});

describe('inbound webhook signature: refused with 403, nothing changed', () => {
  const tampered: [string, SignOptions & { postTo?: string }][] = [
    ['a parameter changed after signing', { signedParams: { ...inboundParams('HELP'), Body: 'HELP' } }],
    ['the signature of another request', { signedParams: inboundParams('STOP') }],
    ['signed for another path', { signedUrl: STATUS_URL }],
    ['signed for another host', { signedUrl: 'https://other.example.com/webhooks/twilio/inbound' }],
    [
      'signed over http while the public URL is https',
      { signedUrl: 'http://hooks.example.com/webhooks/twilio/inbound' },
    ],
    [
      'signed with an explicit non-default port',
      { signedUrl: 'https://hooks.example.com:8443/webhooks/twilio/inbound' },
    ],
    ['signed with a query string the request lacks', { signedUrl: `${INBOUND_URL}?a=1` }],
    ['signed with another auth token', { token: 'ffffffffffffffffffffffffffffffff' }],
    ['no X-Twilio-Signature header', { signature: null }],
    ['an empty X-Twilio-Signature header', { signature: '' }],
    ['a garbage signature', { signature: 'bm90IGEgc2lnbmF0dXJl' }],
  ];
  it.each(tampered)('%s', async (_name, options) => {
    const result = await postStop(options);
    expect(result.status).toBe(403);
    expect(result.text).not.toContain('<Response>');
    expect(result.changed).toBe(false);
    expect(result.log).toMatch(/refused a webhook \(inbound SMS\) with (an invalid|no) X-Twilio-Signature/);
  });

  it('a parameter added after signing', async () => {
    const { handlers } = setup();
    const params = inboundParams('hello');
    const request = twilioRequest(INBOUND_URL, { ...params, Body: 'STOP' }, { signedParams: params });
    expect((await handlers.inbound(request)).status).toBe(403);
    expect(store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER)).toBe(false);
  });

  it('spoofed X-Forwarded-Host and X-Forwarded-Proto are never used to rebuild the URL', async () => {
    // Signed (with the right token) for another endpoint of the account, then replayed here with
    // headers claiming that is where it arrived.
    const result = await postStop({
      signedUrl: 'http://evil.example.net/webhooks/twilio/inbound',
      headers: {
        'x-forwarded-host': 'evil.example.net',
        'x-forwarded-proto': 'http',
        host: 'evil.example.net',
      },
    });
    expect(result.status).toBe(403);
    expect(result.changed).toBe(false);
  });
});

describe('inbound webhook without an auth token', () => {
  it.each([undefined, null, ''])(
    'fails closed (token %j): 500, a clear log line, nothing changed',
    async (authToken) => {
      const result = await postStop({ extra: { authToken } });
      expect(result.status).toBe(500);
      expect(result.text).toMatch(/no auth token is configured/);
      expect(result.changed).toBe(false);
      expect(result.log).toMatch(/TWILIO_AUTH_TOKEN/);
    },
  );

  it('the status callback fails closed too', async () => {
    const { handlers } = setup({ authToken: undefined });
    const response = await handlers.status(
      twilioRequest(STATUS_URL, { MessageSid: 'SM1', MessageStatus: 'delivered' }),
    );
    expect(response.status).toBe(500);
  });

  it('a correctly signed request is still answered normally once the token is set', async () => {
    const result = await postStop();
    expect(result.text).toBe(
      twiml('You have been unsubscribed and will not receive further messages. Reply START to resubscribe.'),
    );
  });
});
