import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowSmsError } from '../../src/core/errors';
import { createSandbox, parseTwimlReplies, stopSandboxInterception } from '../../src/executor/sandbox';
import { validateTwilioSignature, webhookParamsFromForm } from '../../src/executor/webhooks/signature';
import { postMessageForm, RECIPIENT, SENDER, sandboxForThisTest, sendHello } from './support/sandbox-helpers';

const SERVICE = `MG${'d'.repeat(32)}`;
const INBOUND_URL = 'https://sms.example.com/twilio/inbound';
const twiml = (...messages: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response>${messages.map((m) => `<Message>${m}</Message>`).join('')}</Response>`;

afterAll(() => stopSandboxInterception());

describe('sandbox conversations', () => {
  it('posts a reply, signed, to the inbound webhook and records the TwiML answer as a reply', async () => {
    const received: Array<{ params: Record<string, string>; valid: boolean }> = [];
    let token = '';
    const { sandbox, transport } = sandboxForThisTest({
      inboundUrl: INBOUND_URL,
      onInbound: async (request) => {
        const params = webhookParamsFromForm(await request.text()) as Record<string, string>;
        const signature = request.headers.get('x-twilio-signature');
        received.push({
          params,
          valid: validateTwilioSignature({ authToken: token, signature, url: INBOUND_URL, params }),
        });
        return new Response(twiml('Thanks, see you at 7pm!'), { headers: { 'content-type': 'text/xml' } });
      },
    });
    token = sandbox.authToken;
    await sendHello(transport, { body: 'Can you make it at 7pm? Reply YES or NO' });
    const result = await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'YES' });
    expect(received).toHaveLength(1);
    expect(received[0]?.valid).toBe(true);
    expect(received[0]?.params).toMatchObject({
      AccountSid: sandbox.accountSid,
      From: RECIPIENT,
      To: SENDER,
      Body: 'YES',
      MessageSid: result.inbound.sid,
      SmsStatus: 'received',
      NumMedia: '0',
    });
    expect(result.replies.map((r) => [r.direction, r.from, r.to, r.body])).toEqual([
      ['outbound-reply', SENDER, RECIPIENT, 'Thanks, see you at 7pm!'],
    ]);
    expect(sandbox.conversation(RECIPIENT).map((m) => [m.direction, m.body])).toEqual([
      ['outbound-api', 'Can you make it at 7pm? Reply YES or NO'],
      ['inbound', 'YES'],
      ['outbound-reply', 'Thanks, see you at 7pm!'],
    ]);
    expect(sandbox.received()).toHaveLength(1);
  });

  it('takes a TwiML answer given as text, with several messages', async () => {
    const sandbox = createSandbox({ onInbound: () => twiml('One', 'Two &amp; three') });
    const result = await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'HELP' });
    expect(result.replies.map((r) => r.body)).toEqual(['One', 'Two & three']);
    expect(result.delivery?.url).toBe('http://localhost/twilio/inbound');
  });

  it('records the inbound message without posting it when no webhook is configured', async () => {
    const sandbox = createSandbox();
    const result = await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'hello?' });
    expect(result.delivery).toBeNull();
    expect(result.replies).toEqual([]);
    expect(sandbox.conversation(RECIPIENT).map((m) => m.body)).toEqual(['hello?']);
  });

  it('posts to a real inbound URL over HTTP, signed for that URL', async () => {
    let seen: { valid: boolean; body: string } | null = null;
    let token = '';
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = webhookParamsFromForm(Buffer.concat(chunks).toString()) as Record<string, string>;
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url}`;
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        seen = {
          valid: validateTwilioSignature({ authToken: token, signature, url, params }),
          body: params.Body ?? '',
        };
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(twiml('Got it'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const sandbox = createSandbox({ inboundUrl: `http://127.0.0.1:${port}/sms/inbound?tenant=t1` });
      token = sandbox.authToken;
      const result = await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'Running late' });
      expect(seen).toEqual({ valid: true, body: 'Running late' });
      expect(result.delivery?.responseStatus).toBe(200);
      expect(result.replies.map((r) => r.body)).toEqual(['Got it']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('blocks sends after the recipient texts STOP (21610), for that sender only, until START', async () => {
    const { sandbox, transport } = sandboxForThisTest();
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'Stop.' });
    expect(sandbox.isOptedOut(RECIPIENT, SENDER)).toBe(true);
    expect(await sendHello(transport)).toMatchObject({ kind: 'rejected', code: 21610, retryable: false });
    expect((await sendHello(transport, { from: '+15005550010' })).kind).toBe('accepted');
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'START' });
    expect((await sendHello(transport)).kind).toBe('accepted');
  });

  it('refuses a Messaging Service send (21610) to a recipient who texted STOP to the number it sends from', async () => {
    // No messagingServices configured: the STOP can only be recorded against the pool number.
    const { sandbox, transport } = sandboxForThisTest();
    expect(await sendHello(transport, { from: SERVICE, body: 'First' })).toMatchObject({ kind: 'accepted' });
    expect(sandbox.received()[0]?.from).toBe(SENDER);
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'STOP' });

    expect(await sendHello(transport, { from: SERVICE, body: 'Second' })).toMatchObject({
      kind: 'rejected',
      code: 21610,
      retryable: false,
    });
    const answer = await postMessageForm(sandbox, {
      To: RECIPIENT,
      MessagingServiceSid: SERVICE,
      Body: 'Third',
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 21610 } });
    const other = '+14155550199';
    expect((await sendHello(transport, { from: SERVICE, to: other })).kind).toBe('accepted');

    await sandbox.settle();
    expect(sandbox.conversation(RECIPIENT).map((m) => [m.direction, m.body, m.status])).toEqual([
      ['outbound-api', 'First', 'delivered'],
      ['inbound', 'STOP', 'received'],
    ]);
    expect(sandbox.conversation(other).map((m) => m.status)).toEqual(['delivered']);
  });

  it('refuses a configured Messaging Service send (21610) after STOP to a number of its pool', async () => {
    const { sandbox, transport } = sandboxForThisTest({ messagingServices: { [SERVICE]: [SENDER] } });
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'STOP' });
    expect(await sendHello(transport, { from: SERVICE })).toMatchObject({ kind: 'rejected', code: 21610 });
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'START' });
    expect((await sendHello(transport, { from: SERVICE })).kind).toBe('accepted');
  });

  it('ignores TwiML in an inbound answer that is not 2xx and records the failure, as Twilio does (11200)', async () => {
    const sandbox = createSandbox({
      onInbound: () =>
        new Response('<Response><Message>oops</Message></Response>', {
          status: 500,
          headers: { 'content-type': 'text/xml' },
        }),
    });
    const result = await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'YES' });
    expect(result.replies).toEqual([]);
    expect(result.delivery).toMatchObject({ responseStatus: 500, error: expect.stringContaining('11200') });
    expect(sandbox.webhookDeliveries()).toMatchObject([
      { kind: 'inbound', responseStatus: 500, error: expect.stringContaining('11200') },
    ]);
    await sandbox.settle();
    expect(sandbox.conversation(RECIPIENT).map((m) => [m.direction, m.body])).toEqual([['inbound', 'YES']]);
  });

  it('leaves opt-outs to the application when carrier opt-out is off', async () => {
    const { sandbox, transport } = sandboxForThisTest({ carrierOptOut: false });
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'STOP' });
    expect((await sendHello(transport)).kind).toBe('accepted');
  });

  it('names the field to fix in a reply', async () => {
    const sandbox = createSandbox();
    await expect(sandbox.receiveReply({ from: '555-0123', to: SENDER, body: 'x' })).rejects.toThrow(
      FlowSmsError,
    );
    await expect(sandbox.receiveReply({ from: '555-0123', to: SENDER, body: 'x' })).rejects.toThrow(/from/);
    await expect(sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: '' })).rejects.toThrow(/body/);
    expect(() => sandbox.conversation('nope')).toThrow(/conversation number/);
  });
});

describe('TwiML replies', () => {
  it('reads text, <Body>, CDATA, entities and to/from attributes, and skips media-only messages', () => {
    const replies = parseTwimlReplies(`<?xml version="1.0"?>
      <Response>
        <Message>Plain &lt;text&gt; &#x1F642;</Message>
        <Message to="+14155550999" from="+15005550006"><Body>Body &quot;element&quot;</Body><Media>https://x/y.png</Media></Message>
        <Message><![CDATA[Raw <b>& ok</b>]]></Message>
        <Message><Media>https://x/only.png</Media></Message>
        <Message/>
        <Redirect>https://example.com/next</Redirect>
      </Response>`);
    expect(replies).toEqual([
      { body: 'Plain <text> 🙂', to: null, from: null },
      { body: 'Body "element"', to: '+14155550999', from: '+15005550006' },
      { body: 'Raw <b>& ok</b>', to: null, from: null },
    ]);
  });

  it('finds no reply in an empty answer or in something that is not TwiML', () => {
    expect(parseTwimlReplies('<Response/>')).toEqual([]);
    expect(parseTwimlReplies('')).toEqual([]);
    expect(parseTwimlReplies('<Message>no response element</Message>')).toEqual([]);
  });
});
