import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away directory for a test's SQLite files. Prefers tmpfs (/dev/shm): SIGKILL ends the
 * process, not the kernel, so committed pages survive it on tmpfs exactly as on disk, while each
 * commit's fsync (synchronous = FULL, about 5 ms on this machine's disk) costs nothing. That keeps
 * a 10,000-message crash run within CI's budget without weakening what it checks; power loss,
 * which only a real disk's fsync covers, is out of scope for a process-kill test.
 */
export function scratchDir(label: string): { path: string; remove(): void } {
  const root = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const path = mkdtempSync(join(root, `flow-sms-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
