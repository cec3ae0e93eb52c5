import { createHash } from 'node:crypto';
import type { FlowSmsStore } from '../../../src/executor/store';

/** A hash of every row of every table: equal digests mean nothing in the store changed. */
export function storeDigest(store: FlowSmsStore): string {
  const hash = createHash('sha256');
  const tables = store.db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  for (const { name } of tables) {
    const rows = store.db
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((row) => JSON.stringify(row))
      .sort();
    hash.update(`${name}:${rows.length}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** Rows per table, for a readable failure message next to the digest. */
export function storeCounts(store: FlowSmsStore): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { name } of store.db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all()) {
    counts[name] = (store.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  return counts;
}
