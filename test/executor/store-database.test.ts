import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSendSmsExecutor } from '../../src/executor/executor';
import { createOutboxWorker } from '../../src/executor/outbox';
import { MIGRATIONS, openStore, resolveDatabasePath, SCHEMA_VERSION } from '../../src/executor/store';
import { createFakeTransport, RECIPIENT, SANDBOX_SENDER } from './support/executor-fakes';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-sms-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('opening the store', () => {
  it('creates .flow-sms/flow-sms.db under the working directory by default', () => {
    const cwd = tempDir();
    const store = openStore({ cwd });
    store.close();
    expect(existsSync(join(cwd, '.flow-sms', 'flow-sms.db'))).toBe(true);
    expect(resolveDatabasePath({ cwd })).toBe(join(cwd, '.flow-sms', 'flow-sms.db'));
  });

  it('honours a data directory or an explicit path', () => {
    const cwd = tempDir();
    expect(resolveDatabasePath({ cwd, dataDir: 'data' })).toBe(join(cwd, 'data', 'flow-sms.db'));
    expect(resolveDatabasePath({ cwd, path: 'x/y.db', dataDir: 'ignored' })).toBe(join(cwd, 'x', 'y.db'));
    const store = openStore({ cwd, path: 'nested/dir/log.db' });
    store.close();
    expect(existsSync(join(cwd, 'nested', 'dir', 'log.db'))).toBe(true);
  });

  it('refuses a misspelt option instead of opening the default file under the working directory', () => {
    const cwd = tempDir();
    const wanted = join(cwd, 'data');
    expect(() => openStore({ cwd, dir: wanted } as never)).toThrow(
      /Invalid store options: unknown option "dir"; the options are path, dataDir,/,
    );
    expect(() => openStore(join(wanted, 'flow-sms.db') as never)).toThrow(/store options: must be an object/);
    expect(existsSync(join(cwd, '.flow-sms'))).toBe(false);
  });

  it('a closed store says so, and what to do, when an executor still uses it', async () => {
    const store = openStore({ path: ':memory:' });
    const executor = createSendSmsExecutor({
      transport: createFakeTransport(),
      store,
      environment: 'sandbox',
      defaultSenders: { sandbox: SANDBOX_SENDER },
    });
    store.close();
    const node = {
      message: { body: 'Hi' },
      to: { kind: 'fixed', value: RECIPIENT },
      consent: { mode: 'not-required', reason: 'transactional' },
    };
    const closed =
      /flow-sms store is closed \(store.close\(\) was called\): open it again with openStore\(\)/;
    await expect(executor.execute(node, { runId: 'run-1', nodeId: 'sms' })).rejects.toThrow(closed);
    await expect(executor.enqueue(node, { runId: 'run-1', nodeId: 'sms' })).rejects.toThrow(closed);
    await expect(createOutboxWorker({ executor }).start()).rejects.toThrow(closed);
    expect(() => store.isOptedOut('sandbox', RECIPIENT, SANDBOX_SENDER)).toThrow(closed);
  });

  it('uses WAL journaling and records the schema version', () => {
    const cwd = tempDir();
    const store = openStore({ cwd });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('keeps what was written across a reopen, without migrating twice', () => {
    const cwd = tempDir();
    const first = openStore({ cwd });
    first.recordOptOut('live', '+14155550123', '+14155550100', new Date(), 'test');
    first.close();
    const second = openStore({ cwd });
    expect(second.isOptedOut('live', '+14155550123', '+14155550100')).toBe(true);
    expect(second.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    second.close();
  });

  it('brings a database from the first release up to date in place, keeping its messages', () => {
    const cwd = tempDir();
    const path = join(cwd, 'old.db');
    const old = new Database(path);
    old.exec(MIGRATIONS[0]!.sql);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO messages (id, idempotency_key, purpose, environment, run_id, node_id, status,
      created_at, updated_at) VALUES ('m1', 'k1', 'message', 'live', 'r', 'n', 'pending', 1, 1)`);
    old.close();

    const store = openStore({ path });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.messageByKey('k1')).toMatchObject({ id: 'm1', runId: 'r' });
    store.close();
  });

  it('refuses a database written by a newer flow-sms', () => {
    const cwd = tempDir();
    openStore({ cwd }).close();
    const raw = new Database(join(cwd, '.flow-sms', 'flow-sms.db'));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openStore({ cwd })).toThrow(/schema version .* Upgrade flow-sms/);
  });

  it('refuses, naming the path and what to do, a data directory that is a file', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'hello');
    expect(() => openStore({ cwd, dataDir: 'notes.txt' })).toThrow(
      expect.objectContaining({
        code: 'store_unavailable',
        message: expect.stringMatching(/notes\.txt cannot be a directory: a file is in the way/),
      }),
    );
  });

  it('refuses a database file that some other program wrote, without leaving it open', () => {
    const cwd = tempDir();
    const path = join(cwd, 'other.db');
    writeFileSync(path, 'x'.repeat(4096));
    expect(() => openStore({ path })).toThrow(
      expect.objectContaining({
        code: 'store_unavailable',
        message: expect.stringMatching(/other\.db: the file is not a SQLite database/),
      }),
    );
  });

  it('works in memory for tests', () => {
    const store = openStore({ path: ':memory:' });
    expect(
      store.recordInbound('SM1', { from: '+14155550123', to: '+14155550100', body: 'hi', at: new Date() }),
    ).toBe(true);
    store.close();
  });
});
