import type { Logger } from '../executor/logger';

/** Exit codes: what scripts calling `flow-sms` can rely on. */
export const EXIT_OK = 0;
/** A send failed: some Send SMS step ended on its `failed` branch. */
export const EXIT_SEND_FAILED = 1;
/** Bad input: unknown command or flag, unreadable or invalid file, missing configuration. */
export const EXIT_BAD_INPUT = 2;

/** Where a command reads and writes; injected so commands can run inside tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by long-running commands. */
  untilStopped(): Promise<void>;
}

/** A failure the CLI reports as one message and an exit code, without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    untilStopped: () =>
      new Promise((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}

/**
 * A logger writing to the command's stderr, one line per event with its fields (which sid, what
 * failed): an operator reading `flow-sms serve` needs the reason, not just that something failed.
 */
export function stderrLogger(io: Pick<CliIo, 'stderr'>, levels: { warn: boolean } = { warn: true }): Logger {
  const write = (message: string, fields?: Record<string, unknown>) => {
    const details = Object.entries(fields ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    io.stderr(`${message}${details.length > 0 ? ` (${details.join(', ')})` : ''}\n`);
  };
  return levels.warn ? { warn: write, error: write } : { error: write };
}
