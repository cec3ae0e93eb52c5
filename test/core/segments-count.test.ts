import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { countSegments } from '../../src/core/segments';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'あ'.repeat(n);

describe('countSegments: GSM-7', () => {
  it('empty text costs nothing', () => {
    expect(countSegments('')).toEqual({
      encoding: 'GSM-7',
      segments: 0,
      units: 0,
      unitsPerSegment: 160,
      unitsLeft: 160,
      nonGsm: [],
      segmentStarts: [],
      characters: 0,
    });
  });

  it('a short confirmation is one segment with the rest of the 160 septets left', () => {
    const text = 'Hi Ana, your table at Casa Mia is confirmed for 19:30. Reply STOP to opt out.';
    expect(countSegments(text)).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
      units: text.length,
      unitsPerSegment: 160,
      unitsLeft: 160 - text.length,
      segmentStarts: [0],
      characters: text.length,
    });
  });

  // polyai-sms-overview.md: "Messages of 160 characters or fewer are sent as a single SMS segment.
  // Longer messages are split across multiple segments."
  it.each([
    [1, 1],
    [159, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
    [1530, 10],
    [1531, 11],
  ])('%i septets make %i segment(s)', (n, segments) => {
    expect(countSegments(gsm(n)).segments).toBe(segments);
  });

  it('splits long text into parts of 153 septets and says where each begins', () => {
    expect(countSegments(gsm(400))).toMatchObject({
      segments: 3,
      units: 400,
      unitsPerSegment: 153,
      unitsLeft: 153 * 3 - 400,
      segmentStarts: [0, 153, 306],
    });
  });

  it('counts an extension character as two septets', () => {
    expect(countSegments('Price: 5€ {incl. tax}')).toMatchObject({
      encoding: 'GSM-7',
      units: 24,
      characters: 21,
    });
    expect(countSegments(`${gsm(158)}€`)).toMatchObject({ segments: 1, units: 160, unitsLeft: 0 });
    expect(countSegments(`${gsm(159)}€`)).toMatchObject({ segments: 2, units: 161 });
  });

  it('never splits an escape pair: an extension character that would straddle a boundary moves to the next part', () => {
    const result = countSegments(`${gsm(152)}[${gsm(10)}`);
    expect(result.segmentStarts).toEqual([0, 152]);
    expect(result.segments).toBe(2);
    expect(result.unitsLeft).toBe(153 - 12);
  });

  it('the escape-pair rule can cost a whole extra segment', () => {
    // 152 + 2 + 152 = 306 septets: 2 parts by the closed formula, 3 once the pair moves.
    expect(countSegments(`${gsm(152)}~${gsm(152)}`).segments).toBe(3);
    expect(countSegments(`${gsm(151)}~${gsm(153)}`).segments).toBe(2);
  });

  it('keeps CR LF as two GSM-7 characters but one perceived line break', () => {
    expect(countSegments('Line one\r\nLine two')).toMatchObject({
      encoding: 'GSM-7',
      units: 18,
      characters: 17,
    });
    expect(countSegments('a\nb')).toMatchObject({ units: 3, characters: 3 });
  });
});

describe('countSegments: UCS-2', () => {
  it.each([
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ])('%i UTF-16 units make %i segment(s)', (n, segments) => {
    const result = countSegments(ucs(n));
    expect(result.encoding).toBe('UCS-2');
    expect(result.segments).toBe(segments);
    expect(result.unitsPerSegment).toBe(segments === 1 ? 70 : 67);
  });

  it('one character outside GSM-7 turns a 160-character message into three segments', () => {
    const text = `${gsm(159)}’`;
    expect(countSegments(text)).toMatchObject({
      encoding: 'UCS-2',
      segments: 3,
      units: 160,
      unitsPerSegment: 67,
      unitsLeft: 67 * 3 - 160,
      segmentStarts: [0, 67, 134],
    });
  });

  it('counts GSM-7 extension characters as one unit once the message is UCS-2', () => {
    expect(countSegments('€{}’')).toMatchObject({ encoding: 'UCS-2', units: 4 });
  });

  it('counts an emoji as two units and a flag as four', () => {
    expect(countSegments('Thanks 🙏')).toMatchObject({ units: 9, characters: 8 });
    expect(countSegments('🇺🇸')).toMatchObject({ units: 4, characters: 1 });
  });

  it('never splits a surrogate pair', () => {
    const result = countSegments(`${ucs(66)}😀${ucs(10)}`);
    expect(result.segmentStarts).toEqual([0, 66]);
  });

  it.each([
    ['a flag', '🇬🇧', 4],
    ['a skin-tone emoji', '👍🏽', 4],
    ['a ZWJ family', '👨‍👩‍👧', 8],
    ['a ZWJ sequence with variation selectors', '🏳️‍🌈', 6],
    ['a Devanagari conjunct', 'क्ष', 3],
    ['a letter with two combining marks', 'o\u0302\u0323', 3],
  ])('never splits %s across segments', (_name, grapheme, size) => {
    expect(grapheme.length).toBe(size);
    for (let before = 67 - size + 1; before < 67; before++) {
      const result = countSegments(`${ucs(before)}${grapheme}${ucs(20)}`);
      expect(result.segmentStarts[1]).toBe(before);
    }
  });

  it('splits a single character longer than a whole segment between code points (it cannot fit anywhere)', () => {
    const zalgo = `Z${'\u0336'.repeat(80)}`;
    const result = countSegments(zalgo);
    expect(result.characters).toBe(1);
    expect(result.units).toBe(81);
    expect(result.segmentStarts).toEqual([0, 67]);
  });

  it('counts user-perceived characters, not code units', () => {
    expect(countSegments('Hi 👨‍👩‍👧, é!').characters).toBe(8);
    expect(countSegments('Hi 👨‍👩‍👧, é!').units).toBe(15);
  });
});

describe('countSegments: characters that force UCS-2', () => {
  it('lists each one with its UTF-16 offset and a GSM-7 look-alike where there is one', () => {
    const text = 'It’s ready — see you… 🎉';
    expect(countSegments(text).nonGsm).toEqual([
      { char: '’', index: 2, suggestion: "'" },
      { char: '—', index: 11, suggestion: '-' },
      { char: '…', index: 20, suggestion: '...' },
      { char: '🎉', index: 22 },
    ]);
  });

  it('reports a whole emoji sequence as one character', () => {
    expect(countSegments('Go 👩‍💻!').nonGsm).toEqual([{ char: '👩‍💻', index: 3 }]);
  });

  it('offers the composed letter for a decomposed accent GSM-7 has', () => {
    expect(countSegments('Cafe\u0301').nonGsm).toEqual([{ char: 'e\u0301', index: 3, suggestion: 'é' }]);
    expect(countSegments('Sa\u0303o').nonGsm).toEqual([{ char: 'a\u0303', index: 1 }]);
  });

  it('is empty for GSM-7 text', () => {
    expect(countSegments('Totally GSM: {[€]} ÄÖÜ ß').nonGsm).toEqual([]);
  });
});

describe('countSegments: bad input', () => {
  it.each([[undefined], [null], [42], [{}], [['a']]])(
    'refuses %j with a message naming the field',
    (value) => {
      const call = () => countSegments(value as unknown as string);
      expect(call).toThrow(FlowSmsError);
      expect(call).toThrow(/Message text must be a string/);
      try {
        call();
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalid_input', field: 'text' });
      }
    },
  );
});
