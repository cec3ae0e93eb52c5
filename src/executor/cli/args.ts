import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ParsedCommandArgs<O extends OptionSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * Parses a command's arguments strictly: an unknown flag, a missing value or a stray positional
 * is bad input (exit 2) with a message that says which, and where to look.
 */
export function parseCommandArgs<O extends OptionSpec>(
  command: string,
  args: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): ParsedCommandArgs<O> {
  let parsed: ParsedCommandArgs<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new CliError(`flow-sms ${command}: ${message}. See flow-sms ${command} --help.`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) {
    throw new CliError(`flow-sms ${command}: missing ${positionals.names}. See flow-sms ${command} --help.`);
  }
  if (count > positionals.max) {
    const extra = parsed.positionals.slice(positionals.max).join(' ');
    throw new CliError(
      `flow-sms ${command}: unexpected argument ${JSON.stringify(extra)}. See flow-sms ${command} --help.`,
    );
  }
  return parsed;
}

/** A whole number from a flag, within bounds, or bad input naming the flag. */
export function integerFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(
      `--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

/** One of a fixed set of words from a flag, or bad input listing the choices. */
export function choiceFlag<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${name} must be one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
}
