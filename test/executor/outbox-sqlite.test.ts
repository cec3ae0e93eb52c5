import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteOutbox } from '../../src/executor/outbox';
import { openStore } from '../../src/executor/store';

const t0 = new Date('2025-03-01T12:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const payload = {
  environment: 'live' as const,
  to: '+14155550123',
  from: '+14155550100',
  body: 'hello',
  segments: 1,
};
const lease = (owner: string, at = t0, leaseMs = 30_000) => ({ owner, at, leaseMs });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite outbox', () => {
  it('accepts an idempotency key once', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    const first = await outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload, at: t0 });
    const second = await outbox.enqueue({ id: 'm2', idempotencyKey: 'k', payload, at: t0 });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, entry: { id: 'm1', state: 'queued' } });
    expect((await outbox.counts()).queued).toBe(1);
  });

  it('leases an entry to one holder at a time, and to another once the lease expires', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload, at: t0 });
    expect(await outbox.claim('m1', lease('a'))).toMatchObject({ leaseOwner: 'a' });
    expect(await outbox.claim('m1', lease('b', later(1_000)))).toBeNull();
    expect(await outbox.claimDue({ ...lease('b', later(1_000)), limit: 10 })).toEqual([]);
    expect(await outbox.claim('m1', lease('b', later(30_000)))).toMatchObject({ leaseOwner: 'b' });
    // The first holder lost it: it may no longer change the entry.
    await expect(outbox.markSending('m1', lease('a', later(30_001)))).rejects.toMatchObject({
      code: 'outbox_lease_lost',
    });
  });

  it('commits "sending" with an attempt count before the request, and reclaims it only after the lease', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload, at: t0 });
    await outbox.claim('m1', lease('a'));
    const sending = await outbox.markSending('m1', lease('a'));
    expect(sending).toMatchObject({ state: 'sending', attempts: 1, sendingSince: t0 });
    expect(await outbox.claimDue({ ...lease('b', later(10_000)), limit: 5 })).toEqual([]);
    const [taken] = await outbox.claimDue({ ...lease('b', later(31_000)), limit: 5 });
    expect(taken).toMatchObject({ id: 'm1', state: 'sending', leaseOwner: 'b' });
  });

  it('"sending" with the attempts seen at the claim: refused once another request was counted', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload, at: t0 });
    const held = await outbox.claim('m1', lease('a'));
    // The lease ran out; the same name claimed the entry again and sent it.
    const again = await outbox.claim('m1', lease('a', later(31_000)));
    await outbox.markSending('m1', { ...lease('a', later(31_000)), attempts: again?.attempts });
    await expect(
      outbox.markSending('m1', { ...lease('a', later(32_000)), attempts: held?.attempts }),
    ).rejects.toMatchObject({ code: 'outbox_lease_lost' });
    // A lease that ran out with nobody sending meanwhile is still good: "sending" renews it.
    await outbox.enqueue({ id: 'm2', idempotencyKey: 'k2', payload, at: t0 });
    const idle = await outbox.claim('m2', lease('a'));
    const sending = await outbox.markSending('m2', {
      ...lease('a', later(45_000)),
      attempts: idle?.attempts,
    });
    expect(sending).toMatchObject({ state: 'sending', attempts: 1, leaseExpiresAt: later(75_000) });
  });

  it('a rescheduled entry is not due before its time', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload, at: t0 });
    await outbox.claim('m1', lease('a'));
    await outbox.reschedule('m1', 'a', {
      state: 'queued',
      nextAttemptAt: later(5_000),
      at: t0,
      reason: '429',
    });
    expect(await outbox.claim('m1', lease('a', later(4_999)))).toBeNull();
    expect(await outbox.claim('m1', lease('a', later(5_000)))).toMatchObject({ lastError: '429' });
  });

  it('completed entries are never claimed again', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload, at: t0 });
    await outbox.claim('m1', lease('a'));
    await outbox.complete('m1', 'a', 'sent', t0);
    expect(await outbox.claimDue({ ...lease('a', later(100_000)), limit: 5 })).toEqual([]);
    expect((await outbox.counts()).sent).toBe(1);
  });

  it('a restarted worker with the same id takes back its leases at once', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await outbox.enqueue({ id: 'm1', idempotencyKey: 'k1', payload, at: t0 });
    await outbox.enqueue({ id: 'm2', idempotencyKey: 'k2', payload, at: t0 });
    await outbox.claimDue({ ...lease('worker-1'), limit: 5 });
    expect(await outbox.recoverLeases('worker-1')).toBe(2);
    expect(await outbox.claimDue({ ...lease('worker-1', later(1)), limit: 5 })).toHaveLength(2);
  });

  it('two connections to one file never claim the same entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-sms-outbox-'));
    dirs.push(dir);
    const a = createSqliteOutbox(openStore({ cwd: dir }));
    const b = createSqliteOutbox(openStore({ cwd: dir }));
    for (let i = 0; i < 20; i++) await a.enqueue({ id: `m${i}`, idempotencyKey: `k${i}`, payload, at: t0 });
    const claimedA = await a.claimDue({ ...lease('a'), limit: 12 });
    const claimedB = await b.claimDue({ ...lease('b'), limit: 12 });
    expect(claimedA).toHaveLength(12);
    expect(claimedB).toHaveLength(8);
    const ids = new Set([...claimedA, ...claimedB].map((e) => e.id));
    expect(ids.size).toBe(20);
  });

  it('validates what it is given', async () => {
    const outbox = createSqliteOutbox(openStore({ path: ':memory:' }));
    await expect(
      outbox.enqueue({ id: 'm1', idempotencyKey: 'k', payload: { ...payload, to: '' }, at: t0 }),
    ).rejects.toThrow(/to/);
    await expect(outbox.claim('m1', { owner: '', at: t0, leaseMs: 1 })).rejects.toThrow(/owner/);
  });
});
