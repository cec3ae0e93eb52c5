import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningChild {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** The last `progress N` line the child printed, or -1. */
  progress(): number;
}

/** Starts a TypeScript script under `node --import tsx`, collecting its output. */
export function startTsChild(script: string, env: Record<string, string>): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let progress = -1;
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const last = [...out.slice(-200).matchAll(/progress (\d+)/g)].at(-1);
    if (last) progress = Number(last[1]);
    // Keep only the tail: a long drain prints thousands of progress lines.
    if (out.length > 100_000) out = out.slice(-10_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err, progress: () => progress };
}

/** Resolves when `condition` holds, polling every `everyMs`; rejects if the child exits first or time runs out. */
export function waitFor(
  run: RunningChild,
  condition: () => boolean,
  what: string,
  timeoutMs = 120_000,
  everyMs = 2,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setInterval(() => {
      if (condition()) finish();
      else if (Date.now() > deadline) finish(new Error(`timed out waiting for ${what}`));
    }, everyMs);
    run.exited.then((code) => {
      if (!condition())
        finish(new Error(`child exited (${code}) before ${what}: ${run.stderr().slice(-2000)}`));
    });
  });
}

export async function sigkill(run: RunningChild): Promise<void> {
  run.child.kill('SIGKILL');
  await run.exited;
}
