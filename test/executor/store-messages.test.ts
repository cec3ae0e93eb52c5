import { describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/executor/store';

const t = (second: number) => new Date(Date.UTC(2025, 2, 1, 12, 0, second));

function storeWithMessage() {
  const store = openStore({ path: ':memory:' });
  const { message } = store.createMessage({
    idempotencyKey: 'run-1/node-1/+14155550123',
    environment: 'live',
    runId: 'run-1',
    nodeId: 'node-1',
    to: '+14155550123',
    from: '+14155550100',
    body: 'Your code is 1234',
    segments: 1,
    encoding: 'GSM-7',
    consent: { mode: 'not-required', reason: 'asked for it' },
    consentAt: t(0),
    at: t(0),
  });
  return { store, message };
}

describe('message log', () => {
  it('logs a message once per idempotency key', () => {
    const { store, message } = storeWithMessage();
    expect(message.status).toBe('pending');
    expect(message.outcome).toBeNull();
    expect(message.consent).toEqual({ mode: 'not-required', reason: 'asked for it' });
    const again = store.createMessage({
      idempotencyKey: message.idempotencyKey,
      environment: 'live',
      runId: 'run-1',
      nodeId: 'node-1',
      body: 'something else',
      at: t(5),
    });
    expect(again.created).toBe(false);
    expect(again.message.id).toBe(message.id);
    expect(again.message.body).toBe('Your code is 1234');
  });

  it('status only moves forward: a late "sent" never overwrites "delivered"', () => {
    const { store, message } = storeWithMessage();
    store.markAccepted(message.id, { sid: 'SM123', status: 'queued', at: t(1) });
    expect(store.applyStatus('SM123', 'sending', null, t(2))?.applied).toBe(true);
    expect(store.applyStatus('SM123', 'delivered', null, t(4))?.applied).toBe(true);
    const late = store.applyStatus('SM123', 'sent', null, t(3));
    expect(late).toMatchObject({ applied: false, known: true });
    expect(store.messageBySid('SM123')?.status).toBe('delivered');
    expect(store.applyStatus('SM123', 'read', null, t(6))?.applied).toBe(true);
    expect(store.statusHistory(message.id).map((c) => [c.status, c.applied])).toEqual([
      ['pending', true],
      ['queued', true],
      ['sending', true],
      ['delivered', true],
      ['sent', false],
      ['read', true],
    ]);
  });

  it('records an unknown status without acting on it, and error codes of failures', () => {
    const { store, message } = storeWithMessage();
    store.markAccepted(message.id, { sid: 'SM9', status: 'queued', at: t(1) });
    expect(store.applyStatus('SM9', 'carrier_magic', null, t(2))).toMatchObject({
      applied: false,
      known: false,
    });
    expect(store.messageById(message.id)?.status).toBe('queued');
    expect(store.statusHistory(message.id).at(-1)?.status).toBe('carrier_magic');
    store.applyStatus('SM9', 'undelivered', '30003', t(3));
    expect(store.messageById(message.id)).toMatchObject({ status: 'undelivered', error: { code: 30003 } });
  });

  it('ties a sid seen first in a status callback to its message through the outbox id', () => {
    const { store, message } = storeWithMessage();
    expect(store.applyStatus('SM77', 'sent', null, t(1))).toBeNull();
    expect(store.applyStatus('SM77', 'sent', null, t(1), message.id)?.applied).toBe(true);
    expect(store.messageBySid('SM77')?.id).toBe(message.id);
  });

  it('never gives one sid to two messages', () => {
    const { store, message } = storeWithMessage();
    const other = store.createMessage({
      idempotencyKey: 'other',
      environment: 'live',
      runId: 'run-2',
      nodeId: 'node-1',
      at: t(0),
    }).message;
    expect(store.bindSid(message.id, 'SM1')).toBe(true);
    expect(store.bindSid(other.id, 'SM1')).toBe(false);
    expect(store.bindSid(message.id, 'SM1')).toBe(true);
  });

  it('keeps every attempt with its outcome, http status, error code and hint', () => {
    const { store, message } = storeWithMessage();
    const first = store.startAttempt(message.id, t(1));
    expect(store.messageById(message.id)?.status).toBe('unknown');
    store.finishAttempt(first.id, {
      outcome: 'rejected',
      at: t(2),
      httpStatus: 429,
      errorCode: 20429,
      errorMessage: 'Too Many Requests',
      hint: 'slow down',
    });
    const second = store.startAttempt(message.id, t(3));
    store.finishAttempt(second.id, { outcome: 'accepted', at: t(4), httpStatus: 201, sid: 'SM5' });
    expect(store.attempts(message.id)).toMatchObject([
      { number: 1, outcome: 'rejected', httpStatus: 429, errorCode: 20429, hint: 'slow down' },
      { number: 2, outcome: 'accepted', sid: 'SM5' },
    ]);
  });

  it('lists recent messages newest first and counts them for a delivery widget', () => {
    const store = openStore({ path: ':memory:' });
    const base = {
      environment: 'live' as const,
      runId: 'r',
      to: '+14155550123',
      from: '+14155550100',
      body: 'x',
    };
    const ids = ['a', 'b', 'c', 'd', 'e'].map(
      (n, i) => store.createMessage({ ...base, idempotencyKey: n, nodeId: n, at: t(i) }).message.id,
    );
    store.markAccepted(ids[0] as string, { sid: 'SMa', status: 'queued', at: t(10) });
    store.applyStatus('SMa', 'delivered', null, t(11));
    store.markAccepted(ids[1] as string, { sid: 'SMb', status: 'queued', at: t(10) });
    store.applyStatus('SMb', 'undelivered', 30005, t(11));
    store.finishMessage(ids[2] as string, 'failed', { error: { code: 21211, message: 'bad To' }, at: t(12) });
    store.finishMessage(ids[3] as string, 'opted_out', { at: t(12) });
    store.createMessage({
      ...base,
      idempotencyKey: 'f',
      nodeId: 'f',
      result: { outcome: 'declined' },
      at: t(13),
    });

    expect(store.recentMessages(3).map((m) => m.nodeId)).toEqual(['f', 'e', 'd']);
    expect(store.stats()).toEqual({
      total: 6,
      pending: 1,
      sent: 2,
      delivered: 1,
      failed: 2,
      optedOut: 1,
      declined: 1,
    });
    expect(store.stats({ environment: 'sandbox' }).total).toBe(0);
    expect(() => store.recentMessages(0)).toThrow(/at least 1/);
  });

  it("filters the log by run, environment and time, and finds one run's messages through its index", () => {
    const store = openStore({ path: ':memory:' });
    const log = (runId: string, environment: 'live' | 'sandbox', second: number) =>
      store.createMessage({
        idempotencyKey: `${runId}/${second}`,
        environment,
        runId,
        nodeId: `n${second}`,
        to: '+14155550123',
        body: 'x',
        result: { outcome: 'declined' },
        at: t(second),
      });
    log('run-a', 'live', 1);
    log('run-b', 'live', 2);
    log('run-a', 'sandbox', 3);
    log('run-a', 'live', 4);

    expect(store.recentMessages(10, { runId: 'run-a' }).map((m) => m.nodeId)).toEqual(['n4', 'n3', 'n1']);
    expect(store.stats({ runId: 'run-a' }).declined).toBe(3);
    expect(store.stats({ runId: 'run-a', environment: 'live' }).total).toBe(2);
    expect(store.stats({ runId: 'run-a', since: t(2) }).total).toBe(2);
    expect(store.recentMessages(10, { runId: 'run-c' })).toEqual([]);

    // A host showing one run's deliveries must not read the whole log to count them.
    const fresh = openStore({ path: ':memory:' });
    const prepare = fresh.db.prepare.bind(fresh.db);
    const prepared: string[] = [];
    vi.spyOn(fresh.db, 'prepare').mockImplementation((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    });
    fresh.stats({ runId: 'run-a' });
    const plan = prepare(`EXPLAIN QUERY PLAN ${prepared.at(-1)}`).all({
      runId: 'run-a',
      purpose: 'message',
    }) as { detail: string }[];
    expect(plan.map((step) => step.detail).join('; ')).toMatch(/USING INDEX messages_by_run/);
  });
});

describe('inbound messages', () => {
  it('records each MessageSid once and finds replies from a number', () => {
    const store = openStore({ path: ':memory:' });
    const message = {
      from: '+14155550123',
      to: '+14155550100',
      body: 'YES',
      at: t(5),
      environment: 'live' as const,
    };
    expect(store.recordInbound('SMin1', message)).toBe(true);
    expect(store.recordInbound('SMin1', { ...message, body: 'changed' })).toBe(false);
    expect(store.inboundBySid('SMin1')?.body).toBe('YES');
    expect(store.inboundFrom({ from: '+14155550123', since: t(0) })).toHaveLength(1);
    expect(store.inboundFrom({ from: '+14155550123', since: t(6) })).toHaveLength(0);
    expect(store.inboundFrom({ from: '+14155550123', since: t(0), to: '+19999999999' })).toHaveLength(0);
    expect(store.inboundFrom({ from: '+14155550123', since: t(0), environment: 'sandbox' })).toHaveLength(0);
  });
});
