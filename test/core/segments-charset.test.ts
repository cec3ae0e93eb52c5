import { describe, expect, it } from 'vitest';
import {
  countSegments,
  GSM_BASIC_CHARACTERS,
  GSM_EXTENSION_CHARACTERS,
  gsmSeptets,
  isGsmText,
} from '../../src/core/segments';
import { mayJoinNeighbours } from '../../src/core/segments/graphemes';

describe('GSM 03.38 alphabet', () => {
  it('has the 127 characters of the basic table (128 positions minus the escape) and 10 extension characters', () => {
    expect(GSM_BASIC_CHARACTERS).toHaveLength(127);
    expect(new Set(GSM_BASIC_CHARACTERS).size).toBe(127);
    expect(GSM_EXTENSION_CHARACTERS).toEqual(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);
  });

  it.each([
    ['@', 1],
    ['£', 1],
    ['$', 1],
    ['¥', 1],
    ['è', 1],
    ['é', 1],
    ['ù', 1],
    ['ì', 1],
    ['ò', 1],
    ['Ç', 1],
    ['\n', 1],
    ['\r', 1],
    ['Δ', 1],
    ['_', 1],
    ['Ξ', 1],
    ['Æ', 1],
    ['ß', 1],
    ['É', 1],
    ['¤', 1],
    ['¡', 1],
    ['Ä', 1],
    ['§', 1],
    ['¿', 1],
    ['à', 1],
    ['€', 2],
    ['{', 2],
    ['|', 2],
    ['\f', 2],
  ] as const)('%j costs %i septet(s)', (char, septets) => {
    expect(gsmSeptets(char.charCodeAt(0))).toBe(septets);
    expect(countSegments(char)).toMatchObject({ encoding: 'GSM-7', units: septets });
  });

  it.each([
    ['backtick', '`'],
    ['tab', '\t'],
    ['escape on its own', '\u001b'],
    ['lower-case c cedilla', 'ç'],
    ['a acute', 'á'],
    ['e circumflex', 'ê'],
    ['right single quotation mark', '’'],
    ['em dash', '—'],
    ['Greek small alpha', 'α'],
    ['Cyrillic a', 'а'],
    ['degree sign', '°'],
  ])('the %s forces UCS-2', (_name, char) => {
    expect(gsmSeptets(char.charCodeAt(0))).toBe(0);
    expect(isGsmText(`Hello ${char}`)).toBe(false);
    expect(countSegments(`Hello ${char}`).encoding).toBe('UCS-2');
  });

  it('refuses to judge a non-string', () => {
    expect(() => isGsmText(undefined as unknown as string)).toThrow(/Text must be a string/);
  });

  it('reads every basic character as GSM-7 text', () => {
    expect(isGsmText(GSM_BASIC_CHARACTERS.join(''))).toBe(true);
    expect(countSegments(GSM_BASIC_CHARACTERS.join('')).units).toBe(127);
    expect(countSegments(GSM_EXTENSION_CHARACTERS.join('')).units).toBe(20);
  });
});

describe('the fast path that skips grapheme segmentation', () => {
  // countSegments only asks Intl.Segmenter when a code unit may join its neighbours. If this
  // engine's Unicode data knew a joining BMP character we do not flag, a segment boundary could
  // cut a character in two; this walks the whole BMP to prove it does not.
  it('flags every BMP character that this engine would glue to a neighbour', () => {
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const missed: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if ((code >= 0xd800 && code <= 0xdfff) || code === 0x0a || code === 0x0d) continue;
      const char = String.fromCharCode(code);
      if (mayJoinNeighbours(char, 0)) continue;
      if ([...graphemes.segment(`a${char}a`)].length !== 3) missed.push(`U+${code.toString(16)}`);
    }
    expect(missed).toEqual([]);
  });

  it('flags surrogates, the zero width joiner, combining marks and variation selectors', () => {
    for (const text of ['😀', '\u200d', 'e\u0301', '\ufe0f', '\u0915\u094d']) {
      expect([...text].some((_c, i) => mayJoinNeighbours(text, i))).toBe(true);
    }
    expect(mayJoinNeighbours('’', 0)).toBe(false);
    expect(mayJoinNeighbours('a', 0)).toBe(false);
  });
});
