import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import {
  INBOUND_WEBHOOK_PATH,
  STATUS_WEBHOOK_PATH,
  startWebhookServer,
  type WebhookServer,
} from '../../src/executor/webhooks';
import {
  CUSTOMER,
  INBOUND_URL,
  inboundParams,
  OUR_NUMBER,
  STATUS_URL,
  twilioRequest,
  twiml,
  webhookHandlersFor,
} from './support/webhook-helpers';

let store: FlowSmsStore;
let server: WebhookServer;

beforeAll(async () => {
  store = openStore({ path: ':memory:' });
  const { handlers } = webhookHandlersFor(store);
  server = await startWebhookServer({ handlers, port: 0, maxBodyBytes: 4096 });
});
afterAll(async () => {
  await server.close();
  store.close();
});

/** Sends a request signed for the public URL to the local server, as a tunnel or proxy would. */
async function forward(publicUrl: string, localPath: string, params: Record<string, string>) {
  const signed = twilioRequest(publicUrl, params);
  return fetch(`${server.url}${localPath}`, {
    method: 'POST',
    headers: signed.headers,
    body: await signed.text(),
  });
}

describe('startWebhookServer', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers an inbound STOP with TwiML and records the opt-out', async () => {
    const response = await forward(INBOUND_URL, INBOUND_WEBHOOK_PATH, inboundParams('STOP'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe(
      twiml('You have been unsubscribed and will not receive further messages. Reply START to resubscribe.'),
    );
    expect(store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER)).toBe(true);
  });

  it('routes status callbacks, query string included in the signed URL', async () => {
    const response = await forward(
      `${STATUS_URL}?outboxId=nothing`,
      `${STATUS_WEBHOOK_PATH}?outboxId=nothing`,
      {
        MessageSid: `SM${'d'.repeat(32)}`,
        MessageStatus: 'delivered',
      },
    );
    expect(response.status).toBe(204);
  });

  it('refuses an unsigned request with 403', async () => {
    const response = await fetch(`${server.url}${INBOUND_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(inboundParams('START')).toString(),
    });
    expect(response.status).toBe(403);
    expect(store.isOptedOut('sandbox', CUSTOMER, OUR_NUMBER)).toBe(true);
  });

  it('answers 404 elsewhere and 405 to a GET', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/webhooks/twilio/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}${INBOUND_WEBHOOK_PATH}`)).status).toBe(405);
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await forward(INBOUND_URL, INBOUND_WEBHOOK_PATH, inboundParams('x'.repeat(5000)));
    expect(response.status).toBe(413);
  });

  it('refuses bad options, naming the field', async () => {
    await expect(startWebhookServer({ handlers: {} as never, port: 0 })).rejects.toThrow(/handlers must be/);
    await expect(
      startWebhookServer({
        handlers: { inbound: async () => new Response(), status: async () => new Response() },
        port: 70000,
      }),
    ).rejects.toThrow(/port must be at most 65535/);
  });
});
