import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import { storeDigest } from './support/store-digest';
import { inboundParams, signedPost, startWebhookStack, type WebhookStack } from './support/webhook-stack';

// Form parameters named like Object.prototype's members must be plain parameters: signed over
// like any other, never inherited values, never a way to change the params object's prototype.
let store: FlowSmsStore;
let stack: WebhookStack;
beforeAll(async () => {
  store = openStore({ path: ':memory:' });
  stack = await startWebhookStack({ store });
});
afterAll(async () => {
  await stack?.close();
  store?.close();
});

const withExtra = (params: Record<string, string>, extra: string) =>
  `${new URLSearchParams(params).toString()}&${extra}`;

describe('webhook parameters named like prototype members', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'an unsigned request with a %s parameter is refused as forged (403), not a server error',
    async (name) => {
      const request = signedPost(stack.inboundUrl, inboundParams('+14155550123', '+14155550100', 'STOP'));
      const before = storeDigest(store);
      const response = await fetch(stack.localInboundUrl, {
        ...request,
        headers: { ...request.headers, 'x-twilio-signature': 'forged' },
        body: withExtra(inboundParams('+14155550123', '+14155550100', 'STOP'), `${name}=1`),
      });
      expect(response.status).toBe(403);
      expect(storeDigest(store)).toBe(before);
    },
  );

  it.each(['constructor', '__proto__', '__proto__=a&__proto__'])(
    'a %s parameter added to a signed STOP after signing is tampering: refused, nothing changes',
    async (extra) => {
      const params = inboundParams('+14155550123', '+14155550100', 'STOP');
      const request = signedPost(stack.inboundUrl, params);
      const before = storeDigest(store);
      const response = await fetch(stack.localInboundUrl, {
        ...request,
        body: withExtra(params, `${extra}=1`),
      });
      expect(response.status).toBe(403);
      expect(storeDigest(store)).toBe(before);
    },
  );
});

describe('methods the Fetch API refuses to build a Request for', () => {
  it.each(['TRACE', 'TRACK'])('%s on a webhook path is refused (4xx), not a server error', async (method) => {
    const { request } = await import('node:http');
    const url = new URL(stack.localInboundUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    // 405 from the server, or 400 from Node's parser for a method it does not know (TRACK).
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });
});
