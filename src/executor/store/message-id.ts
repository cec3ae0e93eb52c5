import { randomFillSync } from 'node:crypto';

// Random bytes drawn 256 ids at a time: one call into the system's generator instead of one per id.
const pool = Buffer.alloc(16 * 256);
let used = pool.length;
const bytes = Buffer.alloc(16);

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Messages logged
 * one after another get neighbouring ids, so the indexes on message ids (the log's, the outbox's,
 * the attempts' and the status history's) grow at their right edge instead of touching a random
 * B-tree page per message: a commit writes fewer pages.
 */
export function newMessageId(now: number = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  pool.copy(bytes, 0, used, used + 16);
  used += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
