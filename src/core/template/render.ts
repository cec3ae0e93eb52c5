import { FlowSmsError } from '../errors';
import { resolveTemplateValue } from './lookup';
import type { OnMissing } from './render-options';
import type { TemplatePart } from './types';

export interface RenderResult {
  text: string;
  /** Inputs that had no usable value and no fallback, distinct, in order of first appearance. */
  missing: string[];
}

/** Renders parsed parts; arguments are already validated by the caller. */
export function renderParts(
  parts: readonly TemplatePart[],
  values: Readonly<Record<string, unknown>>,
  onMissing: OnMissing,
): RenderResult {
  const output: string[] = [];
  const missing: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      output.push(part.value ?? part.text);
      continue;
    }
    const value = resolveTemplateValue(values, part.name) ?? part.fallback;
    if (value !== undefined) {
      output.push(value);
      continue;
    }
    if (!missing.includes(part.name)) missing.push(part.name);
    if (onMissing === 'keep') output.push(part.raw);
  }
  if (onMissing === 'error' && missing.length > 0) {
    const list = missing.join(', ');
    throw new FlowSmsError(
      'missing_inputs',
      `Missing value${missing.length === 1 ? '' : 's'} for template input${missing.length === 1 ? '' : 's'} ${list}: provide ${missing.length === 1 ? 'it' : 'each'} in values, or give the token a fallback such as {{${missing[0]} | "…"}}.`,
      'values',
      { missing },
    );
  }
  return { text: output.join(''), missing };
}
