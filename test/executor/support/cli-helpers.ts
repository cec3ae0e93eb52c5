import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
export const BIN = join(REPO, 'bin/flow-sms.js');
export const EXAMPLES = join(REPO, 'examples');

/** The environment a child runs with: no Twilio credentials (so the sandbox) unless a test adds them. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of [
    // The checkout's source is what is under test, never a build.
    'FLOW_SMS_FROM_BUILD',
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_API_KEY',
    'TWILIO_API_SECRET',
    'FLOW_SMS_PUBLIC_URL',
    'FLOW_SMS_TWILIO_API_URL',
  ]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flow-sms-cli-'));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flow-sms ...args` in a child process, the way a person or a script would. */
export function flowSms(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: childEnv(options.env), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Starts a long-running `flow-sms ...args`; resolves once stdout contains `ready`. */
export function startFlowSms(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; ready: RegExp },
) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: childEnv(options.env) });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const ready = new Promise<RegExpMatchArray>((resolveReady, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(options.ready);
      if (match) resolveReady(match);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before ready:\n${stdout}\n${stderr}`)));
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}
