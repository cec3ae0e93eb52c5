import { isGsmText } from '../../core/segments';

const codePoints = (char: string) =>
  [...char].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

/**
 * A visible name for a character: invisible and space-like ones are shown by code point, and so is
 * a GSM-7 letter carrying something extra (an invisible joiner or selector, a separate accent),
 * which on screen looks exactly like the GSM-7 letter it is not.
 */
export function describeChar(char: string): string {
  // Spaces, format and control characters, and a lone accent would be invisible on their own.
  const invisible = /^[\p{Z}\p{C}\p{M}]/u.test(char) || char.trim() === '';
  if (invisible) return codePoints(char);
  const [first = '', ...rest] = char;
  if (rest.length > 0 && isGsmText(first)) return `${char} (${codePoints(char)})`;
  return char;
}

// One formatter for every call: `toLocaleString` builds a new one each time, which showed up as a
// measurable share of the first render of a 1,000-node canvas (one badge per node).
const numbers = new Intl.NumberFormat('en-US');

/** "1,600": a count as the editor writes it. */
export const formatCount = (count: number) => numbers.format(count);

export const plural = (count: number, one: string, many = `${one}s`) =>
  `${formatCount(count)} ${count === 1 ? one : many}`;
