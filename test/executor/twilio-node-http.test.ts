import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioTransport } from '../../src/executor/twilio';
import { formEncode } from '../../src/executor/twilio/node-http';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TOKEN = 'token-4711';

interface Received {
  method: string;
  path: string;
  form: URLSearchParams;
  authorization: string | undefined;
  socket: unknown;
}

/** A real HTTP server on 127.0.0.1 (no msw): what arrives is what the transport put on the wire. */
async function startServer(answer: (request: IncomingMessage) => { status: number; body: unknown }) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        form: new URLSearchParams(text),
        authorization: request.headers.authorization,
        socket: request.socket,
      });
      const { status, body } = answer(request);
      response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '3' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const accepted = (n: number) => ({
  status: 201,
  body: {
    sid: `SM${String(n).padStart(32, '0')}`,
    status: 'queued',
    from: '+15005550006',
    to: '+14155550123',
    body: 'Hi',
    num_segments: '1',
    date_created: 'Tue, 03 Mar 2026 10:00:00 +0000',
  },
});

describe('Twilio transport over node:http', () => {
  it('encodes forms as the SDK does: repeated keys for lists, nothing for undefined', () => {
    expect(formEncode({ To: '+14155550123', MediaUrl: ['a', 'b'], Skip: undefined, Flag: true })).toBe(
      'To=%2B14155550123&MediaUrl=a&MediaUrl=b&Flag=true',
    );
  });

  it('posts the form with basic auth, and reuses one connection for messages sent one after another', async () => {
    let n = 0;
    const server = await startServer(() => accepted(++n));
    try {
      const transport = createTwilioTransport({
        credentials: { accountSid: ACCOUNT, authToken: TOKEN },
        baseUrl: server.url,
        kind: 'sandbox',
      });
      for (let i = 0; i < 3; i++) {
        const outcome = await transport.send({ to: '+14155550123', from: '+15005550006', body: 'Hi & bye' });
        expect(outcome).toMatchObject({ kind: 'accepted', sid: `SM${String(i + 1).padStart(32, '0')}` });
      }
      const [first] = server.received;
      expect(first?.method).toBe('POST');
      expect(first?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
      expect(Object.fromEntries(first?.form ?? [])).toEqual({
        To: '+14155550123',
        From: '+15005550006',
        Body: 'Hi & bye',
      });
      expect(first?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
      expect(new Set(server.received.map((r) => r.socket)).size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("reads Twilio's error and Retry-After from a 429 answered over real HTTP", async () => {
    const server = await startServer(() => ({
      status: 429,
      body: { code: 20429, message: 'Too Many Requests', status: 429 },
    }));
    try {
      const transport = createTwilioTransport({
        credentials: { accountSid: ACCOUNT, authToken: TOKEN },
        baseUrl: server.url,
        kind: 'sandbox',
      });
      const outcome = await transport.send({ to: '+14155550123', from: '+15005550006', body: 'Hi' });
      expect(outcome).toMatchObject({ kind: 'rejected', code: 20429, retryable: true, retryAfterMs: 3000 });
    } finally {
      await server.close();
    }
  });
});
