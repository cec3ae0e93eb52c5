import Database from 'better-sqlite3';

/**
 * Counts the SQLite commits made while `work` runs, on every database opened during it: a write
 * statement run outside a transaction commits on its own, and each outermost transaction commits
 * once. With `synchronous = FULL` every commit waits for the disk, so this number bounds how many
 * messages per second one process can make durable.
 */
export async function countCommits(work: () => Promise<void>): Promise<number> {
  const prototype = Database.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originalPrepare = prototype.prepare!;
  const originalTransaction = prototype.transaction!;
  let commits = 0;
  prototype.prepare = function (this: Database.Database, ...args: unknown[]) {
    const statement = originalPrepare.apply(this, args) as Database.Statement;
    if (statement.readonly) return statement;
    for (const method of ['run', 'get', 'all'] as const) {
      const original = (statement[method] as (...a: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
        if (!this.inTransaction) commits++;
        return original(...a);
      };
    }
    return statement;
  };
  prototype.transaction = function (this: Database.Database, ...args: unknown[]) {
    const transaction = originalTransaction.apply(this, args) as Record<
      string,
      (...a: unknown[]) => unknown
    > &
      ((...a: unknown[]) => unknown);
    const counted =
      (run: (...a: unknown[]) => unknown) =>
      (...a: unknown[]) => {
        if (!this.inTransaction) commits++;
        return run(...a);
      };
    const wrapped = counted(transaction) as typeof transaction;
    for (const mode of ['deferred', 'immediate', 'exclusive']) wrapped[mode] = counted(transaction[mode]!);
    return wrapped;
  };
  try {
    await work();
    return commits;
  } finally {
    prototype.prepare = originalPrepare;
    prototype.transaction = originalTransaction;
  }
}
