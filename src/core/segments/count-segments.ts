import { FlowSmsError } from '../errors';
import { graphemesOf, mayJoinNeighbours } from './graphemes';
import { gsmSeptets } from './gsm-charset';
import { gsmLookalikeFor } from './lookalikes';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/**
 * Segment sizes. A lone SMS carries 140 octets: 160 septets or 70 UTF-16 units. Once a message
 * needs several, each part gives 6 octets to the concatenation header, leaving 153 septets
 * (1,072 bits hold 153 whole septets) or 67 units.
 */
export const GSM7_SINGLE_SEGMENT = 160;
export const GSM7_MULTI_SEGMENT = 153;
export const UCS2_SINGLE_SEGMENT = 70;
export const UCS2_MULTI_SEGMENT = 67;

/** A character that GSM-7 cannot carry, so the whole message goes out as UCS-2. */
export interface NonGsmCharacter {
  /** One user-perceived character (an emoji with its modifiers, a letter with its accents). */
  char: string;
  /** UTF-16 offset of `char` in the text. */
  index: number;
  /** GSM-7 text that reads the same; `''` means the character is invisible and can go. */
  suggestion?: string;
}

export interface SegmentCount {
  encoding: SmsEncoding;
  /** SMS parts the carrier bills; 0 for empty text. */
  segments: number;
  /** Septets (GSM-7; an extension character costs 2) or UTF-16 code units (UCS-2). */
  units: number;
  /** Capacity of one segment at the current length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  unitsPerSegment: number;
  /** Units that still fit before another segment is needed. */
  unitsLeft: number;
  /** Every character that forces UCS-2, in order; empty for GSM-7 text. */
  nonGsm: NonGsmCharacter[];
  /** UTF-16 offsets where each segment begins (the preview marks the boundaries). */
  segmentStarts: number[];
  /** User-perceived characters (grapheme clusters; CR LF counts as one line break). */
  characters: number;
}

/**
 * Counts the SMS segments `text` costs, as carriers and Twilio split it: GSM-7 when every
 * character is in the GSM 03.38 alphabet, UCS-2 otherwise. A part boundary never falls inside an
 * escape pair, a surrogate pair or any other user-perceived character (a phone would show half an
 * emoji otherwise).
 *
 * Runs in one pass over the code units for text where every code unit stands alone; only text
 * with emoji, combining marks or other joining characters is cut into graphemes with
 * Intl.Segmenter, since the editor calls this on every keystroke.
 */
export function countSegments(text: string): SegmentCount {
  if (typeof text !== 'string') {
    throw new FlowSmsError('invalid_input', `Message text must be a string (got ${describe(text)})`, 'text');
  }
  return countByCodeUnits(text) ?? countByGraphemes(text);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

const CR = 0x0d;
const LF = 0x0a;

/** The fast path; gives up (undefined) at the first character that may join its neighbours. */
function countByCodeUnits(text: string): SegmentCount | undefined {
  const tally = new Tally();
  let crlfPairs = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const septets = gsmSeptets(code);
    if (septets !== 0) {
      tally.addGsm(i, septets);
      if (code === LF && i > 0 && text.charCodeAt(i - 1) === CR) crlfPairs++;
    } else if (mayJoinNeighbours(text, i)) {
      return undefined;
    } else {
      tally.addNonGsm(text.charAt(i), i);
    }
  }
  return tally.finish(text.length - crlfPairs);
}

function countByGraphemes(text: string): SegmentCount {
  const tally = new Tally();
  let characters = 0;
  for (const { segment, index } of graphemesOf(text)) {
    characters++;
    if (segment === '\r\n') {
      // One grapheme, yet two characters on the air interface; Twilio's calculator splits it too.
      tally.addGsm(index, 1);
      tally.addGsm(index + 1, 1);
      continue;
    }
    const septets = segment.length === 1 ? gsmSeptets(segment.charCodeAt(0)) : 0;
    if (septets !== 0) tally.addGsm(index, septets);
    else tally.addNonGsm(segment, index);
  }
  return tally.finish(characters);
}

/**
 * Fills segments greedily without splitting an item, which for a fixed order of items is also the
 * fewest segments possible (so adding text can never lower the count).
 */
class SegmentPacker {
  readonly starts: number[] = [];
  total = 0;
  fill: number;

  constructor(readonly capacity: number) {
    // A full imaginary segment makes the first item open segment one.
    this.fill = capacity;
  }

  /** A packer that has already taken `count` single-unit items at offsets 0..count-1. */
  static ofSingleUnitPrefix(capacity: number, count: number): SegmentPacker {
    const packer = new SegmentPacker(capacity);
    if (count === 0) return packer;
    const segments = Math.ceil(count / capacity);
    for (let s = 0; s < segments; s++) packer.starts.push(s * capacity);
    packer.fill = count - (segments - 1) * capacity;
    packer.total = count;
    return packer;
  }

  add(offset: number, size: number): void {
    this.total += size;
    if (this.fill + size > this.capacity) {
      this.starts.push(offset);
      this.fill = size;
    } else {
      this.fill += size;
    }
  }
}

/**
 * Packs GSM-7 septets until the first character GSM-7 cannot carry; from then on packs UTF-16
 * units, starting from the prefix read so far (all GSM-7 characters, one unit each in UCS-2).
 */
class Tally {
  private gsm: SegmentPacker | undefined = new SegmentPacker(GSM7_MULTI_SEGMENT);
  private ucs: SegmentPacker | undefined;
  private readonly nonGsm: NonGsmCharacter[] = [];

  addGsm(index: number, septets: 1 | 2): void {
    if (this.gsm) this.gsm.add(index, septets);
    else this.ucs?.add(index, 1);
  }

  addNonGsm(char: string, index: number): void {
    const ucs = this.switchToUcs(index);
    if (char.length <= UCS2_MULTI_SEGMENT) {
      ucs.add(index, char.length);
    } else {
      // A single character longer than a whole segment (a letter under dozens of stacked
      // accents) cannot stay in one part; it is split between code points, never inside a
      // surrogate pair.
      let offset = index;
      for (const codePoint of char) {
        ucs.add(offset, codePoint.length);
        offset += codePoint.length;
      }
    }
    const suggestion = gsmLookalikeFor(char);
    this.nonGsm.push(suggestion === undefined ? { char, index } : { char, index, suggestion });
  }

  private switchToUcs(index: number): SegmentPacker {
    if (!this.ucs) {
      // Everything before `index` was GSM-7, one code unit per character.
      this.ucs = SegmentPacker.ofSingleUnitPrefix(UCS2_MULTI_SEGMENT, index);
      this.gsm = undefined;
    }
    return this.ucs;
  }

  finish(characters: number): SegmentCount {
    const packer = this.ucs ?? this.gsm!;
    const encoding: SmsEncoding = this.ucs ? 'UCS-2' : 'GSM-7';
    const single = this.ucs ? UCS2_SINGLE_SEGMENT : GSM7_SINGLE_SEGMENT;
    const units = packer.total;
    const base = { encoding, units, nonGsm: this.nonGsm, characters };
    if (units === 0) {
      return { ...base, segments: 0, unitsPerSegment: single, unitsLeft: single, segmentStarts: [] };
    }
    if (units <= single) {
      return { ...base, segments: 1, unitsPerSegment: single, unitsLeft: single - units, segmentStarts: [0] };
    }
    return {
      ...base,
      segments: packer.starts.length,
      unitsPerSegment: packer.capacity,
      unitsLeft: packer.capacity - packer.fill,
      segmentStarts: packer.starts,
    };
  }
}
