import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const outDir = mkdtempSync(join(tmpdir(), 'flow-sms-types-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/**
 * `npm run build` ends with this declaration emit. When it fails, the build fails and the
 * declarations it could not write are missing from the package: with skipLibCheck a host then
 * sees `any` where a type such as MessageRecord should be, without any error.
 */
describe('type declarations (the second half of npm run build)', () => {
  it('are emitted for every entry without an error', async () => {
    const result = await run(
      'npx',
      ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir, '--pretty', 'false'],
      { cwd: process.cwd() },
    ).catch((error: { stdout?: string; code?: number }) => ({
      stdout: error.stdout ?? '',
      failed: error.code,
    }));
    expect(result.stdout).toBe('');
    for (const entry of [
      'core/index',
      'editor/index',
      'executor/index',
      'plugin',
      'executor/store/message-record',
    ]) {
      expect(existsSync(join(outDir, `${entry}.d.ts`)), `${entry}.d.ts`).toBe(true);
    }
  }, 120_000);
});
