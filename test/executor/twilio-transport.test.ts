import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { FlowSmsError } from '../../src/core/errors';
import { createTwilioTransport } from '../../src/executor/twilio';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TOKEN = 'token-that-must-never-leak-4711';
const API_KEY = `SK${'2'.repeat(32)}`;
const API_SECRET = 'secret-that-must-never-leak-0815';
const SERVICE = `MG${'3'.repeat(32)}`;
const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

interface Seen {
  method: string;
  url: URL;
  form: Record<string, string>;
  authorization: string | null;
}

const seen: Seen[] = [];
const server = setupServer();

function messageJson(overrides: Record<string, unknown> = {}) {
  return {
    sid: `SM${'a'.repeat(32)}`,
    account_sid: ACCOUNT,
    status: 'queued',
    from: '+15005550006',
    to: '+14155550123',
    body: 'Hello',
    num_segments: '2',
    price: '-0.01580',
    price_unit: 'USD',
    error_code: null,
    date_created: 'Tue, 03 Mar 2026 10:00:00 +0000',
    ...overrides,
  };
}

/** Answers Messages.json POSTs with `answer`, recording what the SDK sent. */
function onCreate(answer: () => Response | Promise<Response>) {
  server.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      seen.push({
        method: 'POST',
        url: new URL(request.url),
        form,
        authorization: request.headers.get('authorization'),
      });
      return answer();
    }),
  );
}

const transport = () => createTwilioTransport({ credentials: { accountSid: ACCOUNT, authToken: TOKEN } });

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

describe('Twilio transport: what goes over the wire', () => {
  it('posts To, From, Body and StatusCallback as form fields, with basic auth', async () => {
    onCreate(() => HttpResponse.json(messageJson(), { status: 201 }));
    await transport().send({
      to: '+14155550123',
      from: '+15005550006',
      body: 'Your table is ready & waiting: 7pm',
      statusCallback: 'https://hooks.example.com/twilio/status?run=r1',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.form).toEqual({
      To: '+14155550123',
      From: '+15005550006',
      Body: 'Your table is ready & waiting: 7pm',
      StatusCallback: 'https://hooks.example.com/twilio/status?run=r1',
    });
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
  });

  it('sends a Messaging Service as MessagingServiceSid, never as From', async () => {
    onCreate(() => HttpResponse.json(messageJson({ from: null, status: 'accepted' }), { status: 201 }));
    await transport().send({ to: '+14155550123', from: SERVICE, body: 'Hi' });
    expect(seen[0]?.form).toEqual({ To: '+14155550123', MessagingServiceSid: SERVICE, Body: 'Hi' });
  });

  it('leaves StatusCallback out when none is given', async () => {
    onCreate(() => HttpResponse.json(messageJson(), { status: 201 }));
    await transport().send({ to: '+14155550123', from: '+15005550006', body: 'Hi' });
    expect(Object.keys(seen[0]?.form ?? {})).toEqual(['To', 'From', 'Body']);
  });

  it('authenticates with an API key and secret, on the account in the path', async () => {
    onCreate(() => HttpResponse.json(messageJson(), { status: 201 }));
    const keyed = createTwilioTransport({
      credentials: { accountSid: ACCOUNT, apiKey: API_KEY, apiSecret: API_SECRET },
    });
    await keyed.send({ to: '+14155550123', from: '+15005550006', body: 'Hi' });
    expect(seen[0]?.url.pathname).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(seen[0]?.authorization).toBe(
      `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`,
    );
  });

  it('maps an accepted message: sid, status, sender, segments and price', async () => {
    onCreate(() => HttpResponse.json(messageJson(), { status: 201 }));
    const outcome = await transport().send({ to: '+14155550123', from: '+15005550006', body: 'Hello' });
    expect(outcome).toEqual({
      kind: 'accepted',
      sid: `SM${'a'.repeat(32)}`,
      status: 'queued',
      from: '+15005550006',
      segments: 2,
      price: '-0.01580',
      priceUnit: 'USD',
    });
  });
});

describe('Twilio transport: outcomes of failures', () => {
  const send = () => transport().send({ to: '+14155550123', from: '+15005550006', body: 'Hello' });

  it('429 with Retry-After: refused, retryable, with the delay Twilio asked for', async () => {
    onCreate(() =>
      HttpResponse.json(
        {
          code: 20429,
          message: 'Too Many Requests',
          more_info: 'https://www.twilio.com/docs/errors/20429',
          status: 429,
        },
        { status: 429, headers: { 'Retry-After': '3' } },
      ),
    );
    expect(await send()).toEqual({
      kind: 'rejected',
      httpStatus: 429,
      code: 20429,
      message: 'Too Many Requests',
      moreInfo: 'https://www.twilio.com/docs/errors/20429',
      retryable: true,
      retryAfterMs: 3000,
    });
  });

  it('429 without Retry-After is still retryable, with no delay given', async () => {
    onCreate(() =>
      HttpResponse.json({ code: 20429, message: 'Too Many Requests', status: 429 }, { status: 429 }),
    );
    expect(await send()).toMatchObject({ kind: 'rejected', retryable: true, retryAfterMs: null });
  });

  it('a 4xx Twilio error is refused for good, with code, message and more_info', async () => {
    onCreate(() =>
      HttpResponse.json(
        {
          code: 21610,
          message: 'Attempt to send to unsubscribed recipient',
          more_info: 'https://www.twilio.com/docs/errors/21610',
          status: 400,
        },
        { status: 400 },
      ),
    );
    expect(await send()).toEqual({
      kind: 'rejected',
      httpStatus: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
      moreInfo: 'https://www.twilio.com/docs/errors/21610',
      retryable: false,
      retryAfterMs: null,
    });
  });

  it('a 5xx answer is unknown: Twilio may have stored the message', async () => {
    onCreate(() =>
      HttpResponse.json({ code: 20500, message: 'Internal Server Error', status: 500 }, { status: 500 }),
    );
    const outcome = await send();
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && outcome.reason).toMatch(/HTTP 500/);
  });

  it('a timeout after the request left is unknown', async () => {
    onCreate(
      () =>
        new Promise<Response>((resolve) =>
          setTimeout(() => resolve(new Response(null, { status: 201 })), 2000),
        ),
    );
    const slow = createTwilioTransport({
      credentials: { accountSid: ACCOUNT, authToken: TOKEN },
      timeoutMs: 50,
    });
    const outcome = await slow.send({ to: '+14155550123', from: '+15005550006', body: 'Hello' });
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && outcome.reason).toMatch(/timeout/);
  });

  it('a connection cut before the answer is unknown', async () => {
    onCreate(() => Response.error());
    expect((await send()).kind).toBe('unknown');
  });

  it('a refused connection is not-sent: nothing left this machine', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createTwilioTransport({
      credentials: { accountSid: ACCOUNT, authToken: TOKEN },
      baseUrl: `http://127.0.0.1:${port}`,
    });
    const outcome = await unreachable.send({ to: '+14155550123', from: '+15005550006', body: 'Hello' });
    expect(outcome.kind).toBe('not-sent');
    expect(outcome.kind === 'not-sent' && outcome.reason).toMatch(/ECONNREFUSED/);
  });
});

describe('Twilio transport: lookups for reconciliation', () => {
  const sid = `SM${'b'.repeat(32)}`;

  it('fetches a message by SID, and answers null for one Twilio does not know', async () => {
    server.use(
      http.get(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/:sid`, ({ params }) =>
        params.sid === `${sid}.json`
          ? HttpResponse.json(messageJson({ sid, status: 'delivered', error_code: null }))
          : HttpResponse.json({ code: 20404, message: 'not found', status: 404 }, { status: 404 }),
      ),
    );
    expect(await transport().fetchMessage(sid)).toEqual({
      sid,
      to: '+14155550123',
      from: '+15005550006',
      body: 'Hello',
      status: 'delivered',
      errorCode: null,
      segments: 2,
      dateCreated: new Date('2026-03-03T10:00:00Z'),
    });
    expect(await transport().fetchMessage(`SM${'c'.repeat(32)}`)).toBeNull();
  });

  it('lists by To, From and DateSent, and keeps only messages created since the given time', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(MESSAGES_URL, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          messages: [
            messageJson({ sid: `SM${'d'.repeat(32)}`, date_created: 'Tue, 03 Mar 2026 10:05:00 +0000' }),
            messageJson({ sid: `SM${'e'.repeat(32)}`, date_created: 'Tue, 03 Mar 2026 08:00:00 +0000' }),
          ],
          next_page_uri: null,
          page: 0,
          page_size: 50,
        });
      }),
    );
    const found = await createTwilioTransport({
      credentials: { accountSid: ACCOUNT, authToken: TOKEN },
      clockSkewMs: 60_000,
    }).listMessages({ to: '+14155550123', from: '+15005550006', since: new Date('2026-03-03T10:00:00Z') });
    expect(found.map((m) => m.sid)).toEqual([`SM${'d'.repeat(32)}`]);
    expect(queries[0]?.get('To')).toBe('+14155550123');
    expect(queries[0]?.get('From')).toBe('+15005550006');
    expect(queries[0]?.get('DateSent>')).toBe('2026-03-03T00:00:00Z');
  });

  it('does not filter by From when the sender is a Messaging Service', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(MESSAGES_URL, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({ messages: [], next_page_uri: null });
      }),
    );
    await transport().listMessages({ to: '+14155550123', from: SERVICE, since: new Date() });
    expect(queries[0]?.has('From')).toBe(false);
  });

  it('fails a lookup Twilio cannot answer with a FlowSmsError, not a raw SDK error', async () => {
    server.use(
      http.get(MESSAGES_URL, () =>
        HttpResponse.json({ code: 20003, message: 'Authenticate', status: 401 }, { status: 401 }),
      ),
    );
    await expect(transport().listMessages({ to: '+14155550123', since: new Date() })).rejects.toThrow(
      FlowSmsError,
    );
  });
});

describe('Twilio transport: secrets and input', () => {
  it('never shows the auth token or API secret when printed, serialised or in outcomes', async () => {
    onCreate(() =>
      HttpResponse.json({ code: 20003, message: `Authenticate ${TOKEN}`, status: 401 }, { status: 401 }),
    );
    const withToken = transport();
    const withKey = createTwilioTransport({
      credentials: { accountSid: ACCOUNT, apiKey: API_KEY, apiSecret: API_SECRET },
    });
    const outcome = await withToken.send({ to: '+14155550123', from: '+15005550006', body: 'Hi' });
    for (const shown of [
      JSON.stringify(withToken),
      String(withToken),
      inspect(withToken, { depth: 5 }),
      JSON.stringify(withKey),
      inspect(withKey, { depth: 5 }),
      JSON.stringify(outcome),
    ]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(API_SECRET);
    }
    expect(JSON.stringify(withToken)).toContain(ACCOUNT);
  });

  it('names the field to fix when options or messages are malformed', () => {
    expect(() => createTwilioTransport({ credentials: { accountSid: 'AC123', authToken: TOKEN } })).toThrow(
      /credentials\.accountSid/,
    );
    expect(() =>
      createTwilioTransport({
        credentials: { accountSid: ACCOUNT, authToken: TOKEN },
        baseUrl: 'localhost:4010',
      }),
    ).toThrow(/baseUrl/);
    expect(() => createTwilioTransport({ credentials: { accountSid: ACCOUNT } })).toThrow(/authToken/);
  });

  it('refuses a message whose fields are not strings, before anything is sent', async () => {
    await expect(transport().send({ to: '+14155550123', from: '', body: 'Hi' })).rejects.toThrow(
      /from must not be empty/,
    );
    await expect(
      transport().send({ to: '+14155550123', from: '+15005550006', body: 'Hi', statusCallback: 'not a url' }),
    ).rejects.toThrow(/statusCallback/);
    expect(seen).toHaveLength(0);
  });
});
