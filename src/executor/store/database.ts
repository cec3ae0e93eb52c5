import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { migrate } from './migrations';
import { type Durability, durabilitySchema } from './schemas';

export type SqliteDatabase = Database.Database;

/**
 * `fn` as one immediate transaction when called on its own, and simply part of the transaction
 * when one is already open (a group-commit job, which has a savepoint of its own). better-sqlite3
 * would nest a savepoint per call, two more statements each; the job's savepoint already undoes
 * everything the job wrote when it throws. The store's writes throw before they write, or for
 * errors that end the job, so no caller goes on after a half-done write.
 */
export function atomic<A extends unknown[], R>(db: SqliteDatabase, fn: (...args: A) => R): (...args: A) => R {
  const transaction = db.transaction(fn);
  return (...args) => (db.inTransaction ? fn(...args) : transaction.immediate(...args));
}

/**
 * `fn`, refusing with a `store_closed` error once `db` is closed: better-sqlite3 would only say
 * "The database connection is not open", which names neither flow-sms's store nor what to do.
 */
export function whileOpen<A extends unknown[], R>(
  db: SqliteDatabase,
  fn: (...args: A) => R,
): (...args: A) => R {
  return (...args) => {
    if (!db.open) throw storeClosedError();
    return fn(...args);
  };
}

/** What every use of a closed store is told. */
export function storeClosedError(): FlowSmsError {
  return new FlowSmsError(
    'store_closed',
    'The flow-sms store is closed (store.close() was called): open it again with openStore() and give the new store to the executor, worker and webhooks',
  );
}

/** Where the store lives unless told otherwise: one file under the working directory. */
export const DEFAULT_DATA_DIR = '.flow-sms';
export const DEFAULT_DATABASE_FILE = 'flow-sms.db';

export interface DatabaseLocation {
  /** A file path (relative to `cwd`), or `':memory:'` for a throw-away database. Wins over `dataDir`. */
  path?: string;
  /** The directory holding `flow-sms.db`; defaults to `.flow-sms` under `cwd`. */
  dataDir?: string;
  cwd?: string;
}

export function resolveDatabasePath(location: DatabaseLocation = {}): string {
  if (location.path === ':memory:') return location.path;
  const cwd = location.cwd ?? process.cwd();
  if (location.path) return resolve(cwd, location.path);
  return resolve(cwd, location.dataDir ?? DEFAULT_DATA_DIR, DEFAULT_DATABASE_FILE);
}

/**
 * Opens (creating when needed) and migrates the database. Every write the store makes is a
 * transaction that is durable before the caller hears it is done, so a process killed at any
 * instant loses nothing it has already reported as done. `durability` says what else it must
 * survive:
 * - `power-loss` (the default): `synchronous = FULL`, each commit reaches the disk (a flush per
 *   commit; group commit, see group-commit.ts, shares one flush among concurrent sends);
 * - `process-crash`: `synchronous = NORMAL`. In WAL mode a commit is then written to the WAL
 *   file but not flushed: the operating system keeps it when the process is killed (SIGKILL, a
 *   crash, an exception), but a power cut or a kernel crash can undo the latest commits, and a
 *   send committed as "sending" before such a cut could be sent again after it. No disk flush
 *   per commit; choose it where the machine itself is made durable (a UPS, a VM whose host
 *   survives) or where a rare duplicate after a power cut is acceptable.
 */
export function openDatabase(
  location: DatabaseLocation = {},
  durability: Durability = 'power-loss',
): SqliteDatabase {
  const level = parseOrThrow(durabilitySchema, durability, 'store durability');
  const path = resolveDatabasePath(location);
  const unavailable = (problem: string, fix: string) =>
    new FlowSmsError(
      'store_unavailable',
      `Cannot open the flow-sms database at ${path}: ${problem}. ${fix}`,
      'path',
    );
  const writableFix = 'Check that the directory is writable, or pass another path.';
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw code === 'EEXIST' || code === 'ENOTDIR'
        ? unavailable(
            `${dirname(path)} cannot be a directory: a file is in the way`,
            'Pass a directory (or a new path) instead.',
          )
        : unavailable(message, writableFix);
    }
  }
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw unavailable((error as Error).message, writableFix);
  }
  try {
    // The first statement reads the file: another program's file fails here, not at `new Database`.
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    throw (error as { code?: string }).code === 'SQLITE_NOTADB'
      ? unavailable(
          "the file is not a SQLite database (another program's file?)",
          'Move it away, or pass another path for the flow-sms database.',
        )
      : unavailable((error as Error).message, writableFix);
  }
  db.pragma(level === 'power-loss' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Savepoints (each piece of a group commit has one) journal the pages they change; past 64 KiB
  // that journal spills to a temporary file, one write per page. It only ever undoes a savepoint,
  // never survives the process, so memory is the right place for it.
  db.pragma('temp_store = MEMORY');
  // Several processes (webhook server, CLI, workers) may share one file.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
