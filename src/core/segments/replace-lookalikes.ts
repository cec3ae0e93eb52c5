import { FlowSmsError } from '../errors';
import { parseTemplate } from '../template/parse';
import { countSegments } from './count-segments';

interface QuotedFallback {
  /** UTF-16 offsets of the fallback's text, between its quotes. */
  start: number;
  end: number;
  quote: string;
}

/** Where the quoted fallbacks of a template's tokens lie (`{{name | "there"}}`), with their quote. */
function quotedFallbacks(text: string): QuotedFallback[] {
  const fallbacks: QuotedFallback[] = [];
  for (const part of parseTemplate(text).parts) {
    if (part.type !== 'token' || part.fallback === undefined) continue;
    const bar = part.raw.indexOf('|');
    const open = bar + 1 + part.raw.slice(bar + 1).search(/\S/);
    const quote = part.raw.charAt(open);
    fallbacks.push({ start: part.start + open + 1, end: part.start + part.raw.lastIndexOf(quote), quote });
  }
  return fallbacks;
}

/**
 * The preview's fix: replaces each character that has a GSM-7 look-alike with it (exactly the
 * `suggestion`s `countSegments` lists), or only the occurrences of `only`, and leaves every other
 * character alone. The text may be a template: inside a token's quoted fallback a look-alike that
 * is that quote or a backslash is escaped, so the fallback still ends where it did (`'It’s you'`
 * becomes `'It\'s you'`, not the broken `'It's you'`).
 */
export function replaceWithGsmLookalikes(text: string, only?: string): string {
  if (typeof text !== 'string') {
    throw new FlowSmsError('invalid_input', `Message text must be a string (got ${typeof text})`, 'text');
  }
  const { nonGsm } = countSegments(text);
  let fallbacks: QuotedFallback[] | undefined;
  let result = '';
  let copiedUpTo = 0;
  // Where in the result each replacement starts: fullwidth braces, angle brackets and dollar signs
  // become { < $, which may open a token that was text before (｛｛x｝｝ -> {{x}}).
  const replacedAt = new Set<number>();
  for (const { char, index, suggestion } of nonGsm) {
    if (suggestion === undefined || (only !== undefined && char !== only)) continue;
    fallbacks ??= quotedFallbacks(text);
    const fallback = fallbacks.find((f) => f.start <= index && index < f.end);
    const replacement = fallback
      ? suggestion.replace(/[\\'"]/g, (c) => (c === '\\' || c === fallback.quote ? `\\${c}` : c))
      : suggestion;
    result += text.slice(copiedUpTo, index);
    replacedAt.add(result.length);
    result += replacement;
    copiedUpTo = index + char.length;
  }
  if (copiedUpTo === 0) return text;
  return escapeNewTokens(result + text.slice(copiedUpTo), replacedAt);
}

/** Escapes each token the replacements opened, so it stays the text it was: `\{{x}}` renders `{{x}}`. */
function escapeNewTokens(text: string, replacedAt: ReadonlySet<number>): string {
  const opened = parseTemplate(text)
    .parts.filter((part) => part.type === 'token' && replacedAt.has(part.start))
    .map((part) => part.start);
  let escaped = text;
  for (const start of opened.reverse()) escaped = `${escaped.slice(0, start)}\\${escaped.slice(start)}`;
  return escaped;
}
