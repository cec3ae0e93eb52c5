import { FlowSmsError } from '../errors';
import { resolveToken } from './lookup';
import type { RenderProgram } from './program';
import type { OnMissing } from './render-options';

export interface RenderResult {
  text: string;
  /** Inputs that had no usable value and no fallback, distinct, in order of first appearance. */
  missing: string[];
}

function missingInputsError(missing: string[]): FlowSmsError {
  const one = missing.length === 1;
  return new FlowSmsError(
    'missing_inputs',
    `Missing value${one ? '' : 's'} for template input${one ? '' : 's'} ${missing.join(', ')}: provide ${one ? 'it' : 'each'} in values, or give the token a fallback such as {{${missing[0]} | "…"}}.`,
    'values',
    { missing },
  );
}

/**
 * Runs a compiled program; arguments are already validated by the caller. Called once per message, so
 * it allocates nothing beyond the result unless an input is missing.
 */
export function runProgram(
  program: RenderProgram,
  values: Readonly<Record<string, unknown>>,
  onMissing: OnMissing,
): RenderResult {
  const { literals, tokens } = program;
  let text = literals[0] as string;
  let missing: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let value = resolveToken(values, token) ?? token.fallback;
    if (value === undefined) {
      if (missing === undefined) missing = [token.name];
      else if (!missing.includes(token.name)) missing.push(token.name);
      value = onMissing === 'keep' ? token.raw : '';
    }
    text += value;
    text += literals[i + 1] as string;
  }
  if (missing === undefined) return { text, missing: [] };
  if (onMissing === 'error') throw missingInputsError(missing);
  return { text, missing };
}
