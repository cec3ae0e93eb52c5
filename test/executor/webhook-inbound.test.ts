import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEYWORD_REPLIES } from '../../src/core/keywords';
import { stderrLogger } from '../../src/executor/cli/io';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import type { WebhookOptions } from '../../src/executor/webhooks';
import {
  CUSTOMER,
  INBOUND_URL,
  inboundParams,
  nextSid,
  OTHER_NUMBER,
  OUR_NUMBER,
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

async function send(
  body: string,
  overrides: Record<string, string> = {},
  extra: Partial<WebhookOptions> = {},
) {
  const { handlers, log } = setup(extra);
  const response = await handlers.inbound(twilioRequest(INBOUND_URL, inboundParams(body, overrides)));
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
    log,
  };
}

const optedOut = (sender = OUR_NUMBER, env: 'sandbox' | 'live' = 'sandbox') =>
  store.isOptedOut(env, CUSTOMER, sender);

describe('inbound SMS: compliance keywords', () => {
  it.each([
    'STOP',
    'stop',
    'STOP.',
    '  Stop!  ',
    'STOPALL',
    'UNSUBSCRIBE',
    'cancel',
    'END',
    'QUIT',
    'REVOKE',
    'OPTOUT',
  ])('%j opts the sender out and confirms with the default reply', async (body) => {
    const result = await send(body);
    expect(result.status).toBe(200);
    expect(result.type).toMatch(/^text\/xml/);
    expect(result.text).toBe(
      twiml('You have been unsubscribed and will not receive further messages. Reply START to resubscribe.'),
    );
    expect(optedOut()).toBe(true);
  });

  it.each(['START', 'start!', 'UNSTOP', 'yes', 'YES.'])(
    '%j after a STOP opts back in with the default reply',
    async (body) => {
      await send('STOP');
      const result = await send(body);
      expect(result.text).toBe(twiml('You have been resubscribed and will receive messages again.'));
      expect(optedOut()).toBe(false);
    },
  );

  it.each(['HELP', 'help?', 'INFO'])('%j gets the help reply and changes nothing', async (body) => {
    await send('STOP');
    const result = await send(body);
    expect(result.text).toBe(twiml('Reply STOP to unsubscribe or START to resubscribe.'));
    expect(optedOut()).toBe(true);
  });

  it('a sentence containing a keyword is an ordinary message', async () => {
    const onMessage = vi.fn();
    const result = await send('stop please', {}, { onMessage });
    expect(result.text).toBe(twiml());
    expect(optedOut()).toBe(false);
    expect(onMessage).toHaveBeenCalledOnce();
  });

  it('keywords never reach the host callback or a waiting consent', async () => {
    const onMessage = vi.fn();
    const receiveReply = vi.fn(() => true);
    await send('STOP', {}, { onMessage, executor: { receiveReply } });
    await send('HELP', {}, { onMessage, executor: { receiveReply } });
    expect(onMessage).not.toHaveBeenCalled();
    expect(receiveReply).not.toHaveBeenCalled();
  });

  it('uses configured replies, escaped as XML, and sends none for an empty one', async () => {
    const replies = { STOP: 'Bye <Ana> & co. "quoted"', HELP: '' };
    expect((await send('STOP', {}, { replies })).text).toBe(twiml('Bye &lt;Ana&gt; &amp; co. "quoted"'));
    expect((await send('HELP', {}, { replies })).text).toBe(twiml());
    expect((await send('START', {}, { replies })).text).toBe(twiml(KEYWORD_REPLIES.START));
  });

  it('scopes an opt-out to the number written to and to the environment', async () => {
    await send('STOP');
    expect(optedOut(OUR_NUMBER)).toBe(true);
    expect(optedOut(OTHER_NUMBER)).toBe(false);
    expect(optedOut(OUR_NUMBER, 'live')).toBe(false);
    const liveStop = await send('STOP', { To: OTHER_NUMBER }, { environment: 'live' });
    expect(liveStop.status).toBe(200);
    expect(store.isOptedOut('live', CUSTOMER, OTHER_NUMBER)).toBe(true);
    expect(optedOut(OTHER_NUMBER)).toBe(false);
  });

  it('an opt-out to a number in a Messaging Service covers the service too', async () => {
    const service = `MG${'a'.repeat(32)}`;
    await send('STOP', { MessagingServiceSid: service });
    expect(optedOut(service)).toBe(true);
    expect(optedOut(OUR_NUMBER)).toBe(true);
    await send('START', { MessagingServiceSid: service });
    expect(optedOut(service)).toBe(false);
  });
});

describe('inbound SMS: everything else', () => {
  it('drops any other message from an opted-out sender', async () => {
    const onMessage = vi.fn(() => 'should not be sent');
    const receiveReply = vi.fn(() => true);
    await send('STOP');
    const result = await send('hello?', {}, { onMessage, executor: { receiveReply } });
    expect(result.text).toBe(twiml());
    expect(onMessage).not.toHaveBeenCalled();
    expect(receiveReply).not.toHaveBeenCalled();
  });

  it('passes an ordinary message to a waiting consent and to the host, replying what the host returns', async () => {
    const receiveReply = vi.fn(async () => false);
    const onMessage = vi.fn(() => 'Thanks, a person will call you back.');
    const result = await send(
      'Can I move my appointment?',
      { NumMedia: '0', Extra: 'x' },
      { onMessage, executor: { receiveReply } },
    );
    expect(result.text).toBe(twiml('Thanks, a person will call you back.'));
    expect(receiveReply).toHaveBeenCalledWith(
      expect.objectContaining({ from: CUSTOMER, to: OUR_NUMBER, body: 'Can I move my appointment?' }),
    );
    expect(onMessage).toHaveBeenCalledWith(
      expect.objectContaining({
        from: CUSTOMER,
        to: OUR_NUMBER,
        body: 'Can I move my appointment?',
        environment: 'sandbox',
        answeredConsent: false,
        params: expect.objectContaining({ Extra: 'x' }),
      }),
    );
  });

  it('tells the host when the message answered a consent question', async () => {
    const onMessage = vi.fn();
    await send('y', {}, { onMessage, executor: { receiveReply: () => true } });
    expect(onMessage).toHaveBeenCalledWith(expect.objectContaining({ answeredConsent: true }));
  });

  it('answers 200 with empty TwiML and logs when the host callback throws', async () => {
    const result = await send(
      'hi',
      {},
      {
        onMessage: () => {
          throw new Error('host exploded');
        },
      },
    );
    expect(result.status).toBe(200);
    expect(result.text).toBe(twiml());
    expect(result.log.lines.join('\n')).toMatch(/onMessage callback threw/);
  });
});

describe('inbound SMS: YES is a consent answer or a START', () => {
  it('from someone not opted out with a question waiting, answers the question and sends no START reply', async () => {
    const receiveReply = vi.fn(() => true);
    const onMessage = vi.fn();
    const result = await send('Yes!', {}, { executor: { receiveReply }, onMessage });
    expect(result.text).toBe(twiml());
    expect(receiveReply).toHaveBeenCalledOnce();
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('from someone not opted out with no question waiting, is a START', async () => {
    const result = await send('YES', {}, { executor: { receiveReply: () => false } });
    expect(result.text).toBe(twiml(KEYWORD_REPLIES.START));
  });

  it('from someone opted out, is a START and does not answer a waiting question', async () => {
    const receiveReply = vi.fn(() => true);
    await send('STOP');
    const result = await send('yes', {}, { executor: { receiveReply } });
    expect(result.text).toBe(twiml(KEYWORD_REPLIES.START));
    expect(optedOut()).toBe(false);
    expect(receiveReply).not.toHaveBeenCalled();
  });

  it('START and UNSTOP never answer a consent question', async () => {
    const receiveReply = vi.fn(() => true);
    const result = await send('START', {}, { executor: { receiveReply } });
    expect(result.text).toBe(twiml(KEYWORD_REPLIES.START));
    expect(receiveReply).not.toHaveBeenCalled();
  });
});

describe('inbound SMS: duplicates', () => {
  it('a MessageSid seen before changes nothing and replies nothing', async () => {
    const { handlers } = setup();
    const sid = nextSid();
    const first = await handlers.inbound(
      twilioRequest(INBOUND_URL, inboundParams('STOP', { MessageSid: sid })),
    );
    expect(await first.text()).toBe(twiml(KEYWORD_REPLIES.STOP));
    const replay = await handlers.inbound(
      twilioRequest(INBOUND_URL, inboundParams('START', { MessageSid: sid })),
    );
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(twiml());
    expect(optedOut()).toBe(true);
  });

  it('a STOP whose opt-out could not be written (500) is processed when Twilio delivers it again', async () => {
    // The database is locked by another process for longer than its busy timeout, once.
    const recordOptOut = store.recordOptOut;
    let locked = true;
    const busyOnce: FlowSmsStore = Object.assign(Object.create(store), {
      recordOptOut: (...args: Parameters<FlowSmsStore['recordOptOut']>) => {
        if (locked) {
          locked = false;
          throw new Error('database is locked');
        }
        return recordOptOut(...args);
      },
    });
    // flow-sms serve's own logger: the operator reads why the webhook failed, not only that it did.
    const stderr: string[] = [];
    const { handlers } = setup({
      store: busyOnce,
      logger: stderrLogger({ stderr: (text) => stderr.push(text) }),
    });
    const params = inboundParams('STOP');

    const first = await handlers.inbound(twilioRequest(INBOUND_URL, params));
    expect(first.status).toBe(500);
    expect(optedOut()).toBe(false);
    expect(stderr.join('')).toMatch(/the inbound SMS webhook failed \(.*database is locked/);

    const again = await handlers.inbound(twilioRequest(INBOUND_URL, params));
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(twiml(KEYWORD_REPLIES.STOP));
    expect(optedOut()).toBe(true);
    // Processed once in the end: a third delivery is a duplicate.
    const third = await handlers.inbound(twilioRequest(INBOUND_URL, params));
    expect(await third.text()).toBe(twiml());
  });

  it('an ordinary message delivered twice reaches the host once', async () => {
    const onMessage = vi.fn();
    const { handlers } = setup({ onMessage });
    const params = inboundParams('Running late');
    await handlers.inbound(twilioRequest(INBOUND_URL, params));
    await handlers.inbound(twilioRequest(INBOUND_URL, params));
    expect(onMessage).toHaveBeenCalledOnce();
  });
});

describe('inbound SMS: request checks', () => {
  it('answers 405 to anything but POST', async () => {
    const response = await setup().handlers.inbound(new Request(INBOUND_URL, { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over maxBodyBytes with 413, whether or not its length is declared', async () => {
    const { handlers } = setup({ maxBodyBytes: 2048 });
    const big = inboundParams('x'.repeat(3000));
    const declared = await handlers.inbound(twilioRequest(INBOUND_URL, big));
    expect(declared.status).toBe(413);
    const encoded = new TextEncoder().encode(new URLSearchParams(big).toString());
    const streamed = new Request(INBOUND_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < encoded.length; i += 500) controller.enqueue(encoded.slice(i, i + 500));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect((await handlers.inbound(streamed)).status).toBe(413);
    expect(store.recentMessages(10)).toEqual([]);
  });

  it('refuses a body that is not a form with 415', async () => {
    const response = await setup().handlers.inbound(
      new Request(INBOUND_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(response.status).toBe(415);
  });

  it.each([
    ['missing', undefined],
    ['blank', '  '],
  ])('answers 400 when From is %s', async (_case, from) => {
    const params = inboundParams('hi') as Record<string, string | undefined>;
    if (from === undefined) delete params.From;
    else params.From = from;
    const response = await setup().handlers.inbound(twilioRequest(INBOUND_URL, params as never));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/MessageSid, From and To/);
  });

  it('refuses options that cannot work, naming the field', () => {
    expect(() => setup({ publicBaseUrl: 'hooks.example.com' })).toThrow(/publicBaseUrl must be the absolute/);
    expect(() => setup({ store: {} as FlowSmsStore })).toThrow(/store must be a flow-sms store/);
    expect(() => setup({ environment: 'prod' as 'live' })).toThrow(/environment/);
    expect(() => setup({ replies: { STOP: 'x'.repeat(1601) } })).toThrow(
      /replies\.STOP must be at most 1600/,
    );
  });
});
