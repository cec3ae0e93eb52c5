import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import type { WebhookHandlers } from '../../src/executor/webhooks';
import {
  CUSTOMER,
  OUR_NUMBER,
  type recordingLogger,
  STATUS_URL,
  twilioRequest,
  webhookHandlersFor,
} from './support/webhook-helpers';

let store: FlowSmsStore;
let log: ReturnType<typeof recordingLogger>;
let handlers: WebhookHandlers;
const SID = `SM${'b'.repeat(32)}`;
const t0 = new Date('2030-01-01T10:00:00Z');

beforeEach(() => {
  store = openStore({ path: ':memory:' });
  ({ handlers, log } = webhookHandlersFor(store));
});
afterEach(() => store.close());

function sentMessage(id = 'msg-1', sid: string | null = SID) {
  store.createMessage({
    id,
    idempotencyKey: `run:node:${id}`,
    environment: 'sandbox',
    runId: 'run',
    nodeId: 'node',
    to: CUSTOMER,
    from: OUR_NUMBER,
    body: 'Hi',
    at: t0,
  });
  if (sid) store.markAccepted(id, { sid, status: 'queued', at: t0 });
  return id;
}

async function callback(params: Record<string, string>, url = STATUS_URL) {
  const response = await handlers.status(twilioRequest(url, params));
  return { status: response.status, text: await response.text() };
}

const statusOf = (id = 'msg-1') => store.messageById(id)?.status;

describe('status callbacks', () => {
  it('move a message forward and answer 204 with no body', async () => {
    sentMessage();
    expect(await callback({ MessageSid: SID, MessageStatus: 'sent' })).toEqual({ status: 204, text: '' });
    expect(statusOf()).toBe('sent');
    await callback({ MessageSid: SID, MessageStatus: 'delivered' });
    expect(statusOf()).toBe('delivered');
  });

  it('never move a message backwards: a late sent or queued leaves delivered', async () => {
    sentMessage();
    await callback({ MessageSid: SID, MessageStatus: 'delivered' });
    expect((await callback({ MessageSid: SID, MessageStatus: 'sent' })).status).toBe(204);
    await callback({ MessageSid: SID, MessageStatus: 'queued' });
    expect(statusOf()).toBe('delivered');
    expect(store.statusHistory('msg-1').map((c) => `${c.status}:${c.applied}`)).toEqual([
      'pending:true',
      'queued:true',
      'delivered:true',
      'sent:false',
      'queued:false',
    ]);
  });

  it('record the error code of an undelivered message', async () => {
    sentMessage();
    await callback({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003' });
    const message = store.messageById('msg-1');
    expect(message?.status).toBe('undelivered');
    expect(message?.error?.code).toBe(30003);
  });

  it('accept unknown statuses and extra parameters without changing the status', async () => {
    sentMessage();
    const result = await callback({
      MessageSid: SID,
      SmsSid: SID,
      MessageStatus: 'teleported',
      RawDlrDoneDate: '2401011000',
      ChannelStatusMessage: 'whatever',
      AccountSid: 'AC00000000000000000000000000000000',
    });
    expect(result.status).toBe(204);
    expect(statusOf()).toBe('queued');
    expect(store.statusHistory('msg-1').at(-1)).toMatchObject({ status: 'teleported', applied: false });
  });

  it('read the older SmsSid / SmsStatus names', async () => {
    sentMessage();
    await callback({ SmsSid: SID, SmsStatus: 'sent' });
    expect(statusOf()).toBe('sent');
  });

  it('tie a sid seen for the first time to its message through the outboxId in the callback URL', async () => {
    sentMessage('msg-2', null);
    const url = `${STATUS_URL}?outboxId=msg-2`;
    expect((await callback({ MessageSid: SID, MessageStatus: 'sent' }, url)).status).toBe(204);
    expect(store.messageById('msg-2')?.sid).toBe(SID);
    expect(statusOf('msg-2')).toBe('sent');
  });

  it('answer 204 for a sid this store does not know, and log it', async () => {
    expect((await callback({ MessageSid: `SM${'c'.repeat(32)}`, MessageStatus: 'delivered' })).status).toBe(
      204,
    );
    expect(log.lines.join('\n')).toMatch(/does not know/);
  });

  it('answer 400 when MessageSid or MessageStatus is missing', async () => {
    expect((await callback({ MessageStatus: 'sent' })).status).toBe(400);
    expect((await callback({ MessageSid: SID })).status).toBe(400);
  });

  it('refuse a forged callback with 403 and leave the status as it was', async () => {
    sentMessage();
    const forged = twilioRequest(
      STATUS_URL,
      { MessageSid: SID, MessageStatus: 'delivered' },
      { token: 'f'.repeat(32) },
    );
    expect((await handlers.status(forged)).status).toBe(403);
    const tampered = twilioRequest(
      STATUS_URL,
      { MessageSid: SID, MessageStatus: 'failed' },
      { signedParams: { MessageSid: SID, MessageStatus: 'sent' } },
    );
    expect((await handlers.status(tampered)).status).toBe(403);
    expect(statusOf()).toBe('queued');
  });

  it('answer 405 to a GET', async () => {
    expect((await handlers.status(new Request(STATUS_URL))).status).toBe(405);
  });
});
