import { gsmSeptets, type NonGsmCharacter, type SegmentCount } from '../../core';

export interface PreviewPiece {
  text: string;
  /** Set when this piece is one character that forces UCS-2. */
  nonGsm?: NonGsmCharacter;
}

export interface PreviewSegment {
  number: number;
  pieces: PreviewPiece[];
}

/**
 * Cuts the text at the segment starts core computed, and isolates each non-GSM character so the
 * preview can highlight it. Pure slicing: the pieces joined give back the text exactly.
 */
export function segmentPieces(
  text: string,
  count: Pick<SegmentCount, 'segmentStarts' | 'nonGsm'>,
): PreviewSegment[] {
  const starts = count.segmentStarts.length > 0 ? count.segmentStarts : [0];
  let next = 0;
  // Shared across segments: a character longer than a whole segment is shown once, in the first.
  let cursor = 0;
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const pieces: PreviewPiece[] = [];
    cursor = Math.max(cursor, start);
    while (next < count.nonGsm.length && (count.nonGsm[next]?.index ?? end) < end) {
      const mark = count.nonGsm[next] as NonGsmCharacter;
      next++;
      if (mark.index < cursor) continue;
      if (mark.index > cursor) pieces.push({ text: text.slice(cursor, mark.index) });
      pieces.push({ text: mark.char, nonGsm: mark });
      cursor = mark.index + mark.char.length;
    }
    if (end > cursor) pieces.push({ text: text.slice(cursor, end) });
    return { number: i + 1, pieces };
  });
}

/**
 * The GSM-7 extension characters in `text` (€ [ ] { } ~ ^ \\ | and form feed), each sent after an
 * escape code and so counted twice: the distinct ones in order of appearance, and how many there are.
 */
export function extensionCharacters(text: string): { distinct: string[]; total: number } {
  const distinct = new Set<string>();
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    if (gsmSeptets(text.charCodeAt(i)) !== 2) continue;
    distinct.add(text.charAt(i));
    total++;
  }
  return { distinct: [...distinct], total };
}
