import { createSandbox, stopSandboxInterception } from '../../src/executor/sandbox';
import { validateTwilioSignature, webhookParamsFromForm } from '../../src/executor/webhooks/signature';
import { RECIPIENT, SENDER, sandboxForThisTest, sendHello } from './support/sandbox-helpers';

const CALLBACK = 'https://hooks.example.com/twilio/status?run=r1';
const SERVICE = `MG${'c'.repeat(32)}`;

interface Callback {
  url: string;
  params: Record<string, string>;
  validSignature: boolean;
}

/** A sandbox whose status callbacks land in `callbacks`, checked against the sandbox's token. */
function withCallbacks(options: Parameters<typeof sandboxForThisTest>[0] = {}) {
  const callbacks: Callback[] = [];
  let token = '';
  const setup = sandboxForThisTest({
    ...options,
    onStatusCallback: async (request) => {
      const params = webhookParamsFromForm(await request.text()) as Record<string, string>;
      const signature = request.headers.get('x-twilio-signature');
      callbacks.push({
        url: request.url,
        params,
        validSignature: validateTwilioSignature({ authToken: token, signature, url: request.url, params }),
      });
      return new Response(null, { status: 204 });
    },
  });
  token = setup.sandbox.authToken;
  return { ...setup, callbacks };
}

afterAll(() => stopSandboxInterception());

describe('sandbox message lifecycle', () => {
  it('moves queued -> sent -> delivered as its clock advances, never on its own in manual mode', async () => {
    const { sandbox, transport } = withCallbacks();
    const outcome = await sendHello(transport);
    const sid = outcome.kind === 'accepted' ? outcome.sid : '';
    expect(sandbox.message(sid)?.status).toBe('queued');
    await sandbox.advance(999);
    expect(sandbox.message(sid)?.status).toBe('queued');
    await sandbox.advance(1);
    expect(sandbox.message(sid)).toMatchObject({ status: 'sent', price: '-0.00790' });
    expect(sandbox.message(sid)?.dateSent).toBeInstanceOf(Date);
    await sandbox.advance(2000);
    expect(sandbox.message(sid)?.status).toBe('delivered');
    expect(sandbox.message(sid)?.history.map((h) => h.status)).toEqual(['queued', 'sent', 'delivered']);
    expect((await transport.fetchMessage(sid))?.status).toBe('delivered');
  });

  it('posts a signed status callback for each change, with the parameters Twilio sends', async () => {
    const { sandbox, transport, callbacks } = withCallbacks();
    const outcome = await sendHello(transport, { statusCallback: CALLBACK });
    await sandbox.settle();
    const sid = outcome.kind === 'accepted' ? outcome.sid : '';
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(callbacks.every((c) => c.validSignature && c.url === CALLBACK)).toBe(true);
    expect(callbacks[1]?.params).toEqual({
      AccountSid: sandbox.accountSid,
      ApiVersion: '2010-04-01',
      From: SENDER,
      MessageSid: sid,
      MessageStatus: 'delivered',
      SmsSid: sid,
      SmsStatus: 'delivered',
      To: RECIPIENT,
    });
    expect(sandbox.webhookDeliveries().map((d) => [d.kind, d.responseStatus])).toEqual([
      ['status', 204],
      ['status', 204],
    ]);
  });

  it('sends no callback for a message without StatusCallback', async () => {
    const { sandbox, transport, callbacks } = withCallbacks();
    await sendHello(transport);
    await sandbox.settle();
    expect(callbacks).toEqual([]);
    expect(sandbox.received()[0]?.status).toBe('delivered');
  });

  it('reports accepted -> queued -> sent -> delivered for a Messaging Service send', async () => {
    const { sandbox, transport, callbacks } = withCallbacks({
      messagingServices: { [SERVICE]: ['+14155550201'] },
    });
    await sendHello(transport, { from: SERVICE, statusCallback: CALLBACK });
    await sandbox.settle();
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
    expect(callbacks[0]?.params.MessagingServiceSid).toBe(SERVICE);
    expect(callbacks[0]?.params.From).toBe('+14155550201');
  });

  it('delivers nothing to the sandbox landline number: sent, then undelivered with 30006', async () => {
    const { sandbox, transport, callbacks } = withCallbacks();
    const outcome = await sendHello(transport, { to: '+14155550106', statusCallback: CALLBACK });
    expect(outcome.kind).toBe('accepted');
    await sandbox.settle();
    expect(callbacks.map((c) => [c.params.MessageStatus, c.params.ErrorCode])).toEqual([
      ['sent', undefined],
      ['undelivered', '30006'],
    ]);
    expect(sandbox.received()[0]).toMatchObject({ status: 'undelivered', errorCode: 30006 });
  });

  it('moves messages on real timers in timers mode', async () => {
    vi.useFakeTimers();
    try {
      const sandbox = createSandbox({
        lifecycle: { mode: 'timers', sentAfterMs: 500, deliveredAfterMs: 1500 },
      });
      const auth = `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`;
      const reply = await sandbox.handle(
        new Request(`https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: RECIPIENT, From: SENDER, Body: 'tick' }).toString(),
        }),
      );
      expect(reply.kind === 'response' && reply.response.status).toBe(201);
      await vi.advanceTimersByTimeAsync(500);
      expect(sandbox.received()[0]?.status).toBe('sent');
      await vi.advanceTimersByTimeAsync(1000);
      expect(sandbox.received()[0]?.status).toBe('delivered');
      sandbox.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses to move its clock backwards', () => {
    const sandbox = createSandbox();
    expect(() => sandbox.advance(-1)).toThrow(/advance\(ms\)/);
  });
});

describe('watching the sandbox', () => {
  it('tells a listener about every new message and status change, until it stops listening', async () => {
    const { sandbox, transport } = sandboxForThisTest();
    const seen: string[] = [];
    const stop = sandbox.onMessage((m) => seen.push(`${m.direction}:${m.status}`));
    await sendHello(transport);
    await sandbox.settle();
    await sandbox.receiveReply({ from: RECIPIENT, to: SENDER, body: 'thanks' });
    stop();
    await sendHello(transport);
    expect(seen).toEqual([
      'outbound-api:queued',
      'outbound-api:sent',
      'outbound-api:delivered',
      'inbound:received',
    ]);
  });
});
