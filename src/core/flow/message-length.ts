import { type InputSource, inputSourceOf, isEmptyValue } from '../schemas/input-source';
import { OPT_OUT_FOOTER } from '../schemas/send-sms-node';
import type { TemplatePart } from '../template';

/** How long a rendered message can be, in the UTF-16 units Twilio's 1,600 limit counts. */
export interface MessageLengthBounds {
  /** The length when every variable is empty: static text, fixed values, the footer. */
  min: number;
  /** The length when every variable is at its declared longest (unknown lengths count as 0). */
  max: number;
  /** Variables whose longest value decides `max`, in order of appearance. */
  growing: string[];
}

/** Separator between the body and the opt-out footer, counted when the footer is on. */
export const OPT_OUT_FOOTER_LENGTH = 1 + OPT_OUT_FOOTER.length;

/**
 * Bounds on the rendered length of a message, from its parsed parts and the node's input mapping.
 * `maxLengthOf` gives a variable's declared longest value, if any.
 */
export function messageLengthBounds(
  parts: readonly TemplatePart[],
  inputs: Readonly<Record<string, InputSource>>,
  maxLengthOf: (path: string) => number | undefined,
  optOutFooter: boolean,
): MessageLengthBounds {
  let min = optOutFooter ? OPT_OUT_FOOTER_LENGTH : 0;
  let max = min;
  const growing: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      const length = (part.value ?? part.text).length;
      min += length;
      max += length;
      continue;
    }
    const tokenFallback = part.fallback?.length ?? 0;
    const source = inputSourceOf(inputs, part.name);
    if (source.kind === 'fixed') {
      // A blank value counts as missing when rendering, so the token's fallback shows instead.
      const length = isEmptyValue(source.value) ? tokenFallback : source.value.length;
      min += length;
      max += length;
      continue;
    }
    const longest = maxLengthOf(source.path);
    const candidate = Math.max(longest ?? 0, source.fallback?.length ?? 0, tokenFallback);
    if (longest !== undefined && longest > 0 && !growing.includes(source.path)) growing.push(source.path);
    max += candidate;
  }
  return { min, max, growing };
}
