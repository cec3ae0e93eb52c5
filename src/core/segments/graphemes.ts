/**
 * Helpers to cut text into user-perceived characters (grapheme clusters) only when it has to be:
 * most messages are plain text where every UTF-16 code unit stands alone, and the editor counts
 * segments on every keystroke.
 */

// Characters that can glue to a neighbour: combining and enclosing marks, spacing marks, variation
// selectors, Hangul jamo, and the few "prepend" characters of the BMP.
// Everything outside the BMP arrives as a surrogate pair and is tested separately.
const JOINING =
  /[\p{M}\p{Grapheme_Extend}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u0e33\u0eb3]/u;

const ZERO_WIDTH_JOINER = 0x200d;

// Below the combining diacritics (U+0300) every character is a grapheme of its own, except CR LF,
// which the segment counter handles itself.
const FIRST_JOINING_CODE_UNIT = 0x0300;

/**
 * True when the code unit at `index` may belong to a grapheme with its neighbours, so that
 * splitting text at code units could cut a character in two.
 */
export function mayJoinNeighbours(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < FIRST_JOINING_CODE_UNIT) return false;
  if ((code >= 0xd800 && code <= 0xdfff) || code === ZERO_WIDTH_JOINER) return true;
  return JOINING.test(text.charAt(index));
}

let segmenter: Intl.Segmenter | undefined;

/** Grapheme clusters as the running JavaScript engine's Unicode version defines them. */
export function graphemesOf(text: string): Iterable<Intl.SegmentData> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}
