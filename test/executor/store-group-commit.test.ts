import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/executor/store';

const dirs: string[] = [];
const dbPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-sms-group-'));
  dirs.push(dir);
  return join(dir, 'flow-sms.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const at = new Date('2025-03-01T12:00:00Z');
const stop = (recipient: string) => ['live', recipient, '+14155550100', at, 'inbound:STOP'] as const;

describe('group commit (store.transact)', () => {
  it('answers each caller with its own result once the writes are in the file', async () => {
    const path = dbPath();
    const store = openStore({ path });
    const results = await Promise.all(
      ['+14155550001', '+14155550002', '+14155550003'].map((recipient) =>
        store.transact(() => store.recordOptOut(...stop(recipient))),
      ),
    );
    expect(results).toEqual([true, true, true]);
    // Another connection (another process, as far as SQLite can tell) sees all three.
    const other = openStore({ path });
    expect(
      other
        .listOptOuts('live')
        .map((o) => o.recipient)
        .sort(),
    ).toEqual(['+14155550001', '+14155550002', '+14155550003']);
    other.close();
    store.close();
  });

  it('undoes only the work that throws; the rest of the batch commits', async () => {
    const store = openStore({ path: dbPath() });
    const [kept, failed] = await Promise.allSettled([
      store.transact(() => store.recordOptOut(...stop('+14155550001'))),
      store.transact(() => {
        store.recordOptOut(...stop('+14155550002'));
        throw new Error('changed my mind');
      }),
    ]);
    expect(kept).toEqual({ status: 'fulfilled', value: true });
    expect(failed).toMatchObject({ status: 'rejected', reason: { message: 'changed my mind' } });
    expect(store.isOptedOut('live', '+14155550001', '+14155550100')).toBe(true);
    expect(store.isOptedOut('live', '+14155550002', '+14155550100')).toBe(false);
    store.close();
  });

  it('commits what is queued when the store closes, and refuses work after', async () => {
    const path = dbPath();
    const store = openStore({ path });
    const queued = store.transact(() => store.recordOptOut(...stop('+14155550001')));
    store.close();
    await expect(queued).resolves.toBe(true);
    await expect(store.transact(() => 1)).rejects.toMatchObject({ code: 'store_closed' });
    const reopened = openStore({ path });
    expect(reopened.isOptedOut('live', '+14155550001', '+14155550100')).toBe(true);
    reopened.close();
  });

  it("with flush 'later' answers once committed; the write is there for every other connection", async () => {
    const path = dbPath();
    const store = openStore({ path });
    await expect(
      store.transact(() => store.recordOptOut(...stop('+14155550001')), { flush: 'later' }),
    ).resolves.toBe(true);
    const other = openStore({ path });
    expect(other.isOptedOut('live', '+14155550001', '+14155550100')).toBe(true);
    other.close();
    store.close();
    await expect(store.transact(() => 1, { flush: 'soon' as never })).rejects.toMatchObject({
      field: 'flush',
    });
  });

  it('commits work queued while a disk flush runs once that flush ends, and answers it', async () => {
    const path = dbPath();
    const store = openStore({ path });
    const first = store.transact(() => store.recordOptOut(...stop('+14155550001')));
    // Two turns later the first batch is committed and its flush is running on the thread pool.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const during = [
      store.transact(() => store.recordOptOut(...stop('+14155550002')), { flush: 'later' }),
      store.transact(() => store.recordOptOut(...stop('+14155550003'))),
    ];
    await expect(Promise.all([first, ...during])).resolves.toEqual([true, true, true]);
    const other = openStore({ path });
    expect(other.listOptOuts('live')).toHaveLength(3);
    other.close();
    store.close();
  });

  it('refuses anything but a function', async () => {
    const store = openStore({ path: ':memory:' });
    await expect(store.transact('INSERT' as never)).rejects.toMatchObject({ field: 'work' });
    store.close();
  });
});

describe('store durability', () => {
  it('survives a power cut by default: every commit is flushed (synchronous = FULL), group commits included', async () => {
    const store = openStore({ path: dbPath() });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.transact(() => store.recordOptOut(...stop('+14155550001')));
    // The batch is flushed its own way; the connection's setting for every other write is unchanged.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    store.close();
  });

  it("'process-crash' skips the flush per commit (synchronous = NORMAL)", () => {
    const store = openStore({ path: dbPath(), durability: 'process-crash' });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    store.close();
  });

  it('names the choices when given something else', () => {
    expect(() => openStore({ path: ':memory:', durability: 'best-effort' as never })).toThrow(
      /durability.*'power-loss'.*'process-crash'/,
    );
  });
});
