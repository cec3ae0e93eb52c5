import twilio from 'twilio';
import {
  createSandbox,
  type SandboxTransport,
  stopSandboxInterception,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import {
  postMessageForm,
  RECIPIENT,
  SENDER,
  sandboxWithTransport,
  sendHello,
} from './support/sandbox-helpers';

const SERVICE = `MG${'a'.repeat(32)}`;
const POOL = ['+14155550201', '+14155550202', '+14155550203'];

let sandbox: TwilioSandbox;
let transport: SandboxTransport;

beforeEach(() => {
  ({ sandbox, transport } = sandboxWithTransport({ messagingServices: { [SERVICE]: POOL } }));
});
afterEach(() => transport.close());
afterAll(() => stopSandboxInterception());

describe('sandbox REST API: sending', () => {
  it("accepts a message the way Twilio does: an SM SID, 'queued', stored as received", async () => {
    const outcome = await sendHello(transport, { statusCallback: 'https://hooks.example.com/status' });
    expect(outcome).toMatchObject({
      kind: 'accepted',
      status: 'queued',
      from: SENDER,
      segments: 1,
      priceUnit: 'USD',
    });
    const sid = outcome.kind === 'accepted' ? outcome.sid : '';
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sandbox.received()).toMatchObject([
      {
        sid,
        to: RECIPIENT,
        from: SENDER,
        body: 'Hello from the sandbox',
        statusCallback: 'https://hooks.example.com/status',
      },
    ]);
  });

  it('counts segments like a carrier: 161 GSM characters are 2 segments, an emoji makes it UCS-2', async () => {
    const long = await sendHello(transport, { body: 'a'.repeat(161) });
    const emoji = await sendHello(transport, { body: `${'a'.repeat(69)}🙂` });
    expect(long).toMatchObject({ kind: 'accepted', segments: 2 });
    expect(emoji).toMatchObject({ kind: 'accepted', segments: 2 });
  });

  it('returns the full Message resource on fetch', async () => {
    const outcome = await sendHello(transport);
    const sid = outcome.kind === 'accepted' ? outcome.sid : '';
    const client = twilio(sandbox.accountSid, sandbox.authToken);
    const fetched = await client.messages(sid).fetch();
    expect(fetched).toMatchObject({
      sid,
      accountSid: sandbox.accountSid,
      to: RECIPIENT,
      from: SENDER,
      body: 'Hello from the sandbox',
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      apiVersion: '2010-04-01',
      uri: `/2010-04-01/Accounts/${sandbox.accountSid}/Messages/${sid}.json`,
    });
    expect(fetched.dateCreated).toBeInstanceOf(Date);
  });

  it('sends through a Messaging Service from a number of its pool, the same one for the same recipient', async () => {
    const first = await sendHello(transport, { from: SERVICE });
    const again = await sendHello(transport, { from: SERVICE });
    expect(first).toMatchObject({ kind: 'accepted', status: 'accepted' });
    const from = first.kind === 'accepted' ? first.from : null;
    expect(POOL).toContain(from);
    expect(again.kind === 'accepted' && again.from).toBe(from);
    expect(sandbox.received()[0]?.messagingServiceSid).toBe(SERVICE);
  });

  it('accepts an API key it was configured with', async () => {
    const key = `SK${'b'.repeat(32)}`;
    const keyed = createSandbox({ apiKeys: { [key]: 'key-secret-1' } });
    const { createSandboxTransport } = await import('../../src/executor/sandbox');
    const { createTwilioTransport } = await import('../../src/executor/twilio');
    const release = createSandboxTransport(keyed);
    try {
      const viaKey = createTwilioTransport({
        credentials: { accountSid: keyed.accountSid, apiKey: key, apiSecret: 'key-secret-1' },
      });
      expect((await viaKey.send({ to: RECIPIENT, from: SENDER, body: 'hi' })).kind).toBe('accepted');
      const wrongSecret = createTwilioTransport({
        credentials: { accountSid: keyed.accountSid, apiKey: key, apiSecret: 'nope' },
      });
      expect(await wrongSecret.send({ to: RECIPIENT, from: SENDER, body: 'hi' })).toMatchObject({
        code: 20003,
      });
    } finally {
      release.close();
    }
  });
});

describe('sandbox REST API: refusing like Twilio', () => {
  const cases: Array<[string, Record<string, string>, number, number]> = [
    ['missing To', { From: SENDER, Body: 'x' }, 21604, 400],
    ['missing From and MessagingServiceSid', { To: RECIPIENT, Body: 'x' }, 21603, 400],
    ['missing Body', { To: RECIPIENT, From: SENDER }, 21602, 400],
    ['To not in E.164', { To: '415-555-0123', From: SENDER, Body: 'x' }, 21211, 400],
    ['Body over 1,600 characters', { To: RECIPIENT, From: SENDER, Body: 'x'.repeat(1601) }, 21617, 400],
    [
      'malformed Messaging Service SID',
      { To: RECIPIENT, MessagingServiceSid: 'MG123', Body: 'x' },
      21705,
      400,
    ],
    [
      'unknown Messaging Service',
      { To: RECIPIENT, MessagingServiceSid: `MG${'f'.repeat(32)}`, Body: 'x' },
      21701,
      404,
    ],
    ['malformed From', { To: RECIPIENT, From: '+1-not-a-number!', Body: 'x' }, 21212, 400],
    [
      'StatusCallback not a URL',
      { To: RECIPIENT, From: SENDER, Body: 'x', StatusCallback: 'hooks' },
      21609,
      400,
    ],
  ];

  it.each(cases)('%s: error %i with HTTP %i and nothing stored', async (_name, form, code, status) => {
    const answer = await postMessageForm(sandbox, form);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    });
    expect(sandbox.received()).toEqual([]);
  });

  it('takes a body of exactly 1,600 characters', async () => {
    expect(
      (await postMessageForm(sandbox, { To: RECIPIENT, From: SENDER, Body: 'x'.repeat(1600) })).status,
    ).toBe(201);
  });

  it("refuses a sender the account does not own (21606) once the account's numbers are given", async () => {
    const owned = createSandbox({ numbers: ['+14155550300'] });
    const { createSandboxTransport } = await import('../../src/executor/sandbox');
    const ownedTransport = createSandboxTransport(owned);
    try {
      expect(await ownedTransport.send({ to: RECIPIENT, from: SENDER, body: 'x' })).toMatchObject({
        code: 21606,
      });
      expect(await ownedTransport.send({ to: RECIPIENT, from: '+14155550300', body: 'x' })).toMatchObject({
        kind: 'accepted',
      });
    } finally {
      ownedTransport.close();
    }
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550002', 21612],
    ['+15005550003', 21408],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
  ])("answers Twilio's test number %s with error %i", async (to, code) => {
    expect(await sendHello(transport, { to })).toMatchObject({
      kind: 'rejected',
      httpStatus: 400,
      code,
      retryable: false,
    });
    expect(sandbox.received()).toEqual([]);
  });

  it('answers 20003 (HTTP 401) to a wrong auth token, and to another account in the path', async () => {
    const wrong = await postMessageForm(
      sandbox,
      { To: RECIPIENT, From: SENDER, Body: 'x' },
      'wrong-token-123',
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 20003, status: 401 });
    // Right credentials, another account in the path: the core refuses it like Twilio.
    const otherAccount = `AC${'9'.repeat(32)}`;
    const reply = await sandbox.handle(
      new Request(`https://api.twilio.com/2010-04-01/Accounts/${otherAccount}/Messages.json`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
        },
      }),
    );
    expect(reply.kind === 'response' && reply.response.status).toBe(401);
    expect(reply.kind === 'response' && (await reply.response.json())).toMatchObject({ code: 20003 });
  });

  it('answers 20404 (HTTP 404) for an unknown message SID', async () => {
    const client = twilio(sandbox.accountSid, sandbox.authToken);
    const unknown = await client.request({
      method: 'get',
      uri: `https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}/Messages/SM${'0'.repeat(32)}.json`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toMatchObject({ code: 20404, status: 404 });
  });

  it('answers null for a message it does not know', async () => {
    expect(await transport.fetchMessage(`SM${'0'.repeat(32)}`)).toBeNull();
  });
});

describe('sandbox REST API: listing', () => {
  it('filters by To and From and pages with next_page_uri, newest first', async () => {
    for (let i = 0; i < 5; i++) await sendHello(transport, { body: `to A #${i}` });
    await sendHello(transport, { to: '+14155550999', body: 'to B' });
    await sendHello(transport, { from: '+15005550010', body: 'from other' });
    const client = twilio(sandbox.accountSid, sandbox.authToken);
    const listed = await client.messages.list({ to: RECIPIENT, from: SENDER, pageSize: 2 });
    expect(listed.map((m) => m.body)).toEqual(['to A #4', 'to A #3', 'to A #2', 'to A #1', 'to A #0']);
    const page = await client.messages.page({ to: RECIPIENT, pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    expect(page.nextPageUrl).toContain('Page=1');
  });

  it('filters by DateSent, on or after a day or an instant', async () => {
    await sendHello(transport);
    const client = twilio(sandbox.accountSid, sandbox.authToken);
    expect(
      await client.messages.list({ to: RECIPIENT, dateSentAfter: new Date(Date.now() - 60_000) }),
    ).toHaveLength(1);
    expect(
      await client.messages.list({ to: RECIPIENT, dateSentAfter: new Date(Date.now() + 86_400_000) }),
    ).toHaveLength(0);
    expect(
      await client.messages.list({ to: RECIPIENT, dateSentBefore: new Date(Date.now() - 86_400_000) }),
    ).toHaveLength(0);
  });

  it("finds the message a send reported as unknown, for the executor's reconciliation", async () => {
    const since = new Date();
    sandbox.injectFault({ kind: 'server-error-after-accept' });
    expect((await sendHello(transport)).kind).toBe('unknown');
    const found = await transport.listMessages({ to: RECIPIENT, from: SENDER, since });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      to: RECIPIENT,
      from: SENDER,
      body: 'Hello from the sandbox',
      status: 'queued',
    });
    expect(found[0]?.sid).toBe(sandbox.received()[0]?.sid);
  });
});
