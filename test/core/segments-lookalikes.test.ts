import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import {
  countSegments,
  GSM_LOOKALIKES,
  gsmLookalikeFor,
  isGsmText,
  replaceWithGsmLookalikes,
} from '../../src/core/segments';
import { parseTemplate, renderTemplate } from '../../src/core/template';

describe('gsmLookalikeFor', () => {
  it.each([
    ['left single quote', '‘', "'"],
    ['right single quote / apostrophe', '’', "'"],
    ['left double quote', '“', '"'],
    ['right double quote', '”', '"'],
    ['low double quote', '„', '"'],
    ['guillemet', '«', '"'],
    ['en dash', '–', '-'],
    ['em dash', '—', '-'],
    ['minus sign', '−', '-'],
    ['non-breaking hyphen', '\u2011', '-'],
    ['ellipsis', '…', '...'],
    ['bullet', '•', '-'],
    ['middle dot', '·', '-'],
    ['no-break space', '\u00a0', ' '],
    ['narrow no-break space', '\u202f', ' '],
    ['thin space', '\u2009', ' '],
    ['ideographic space', '\u3000', ' '],
    ['tab', '\t', ' '],
    ['zero width space', '\u200b', ''],
    ['soft hyphen', '\u00ad', ''],
    ['byte order mark', '\ufeff', ''],
    ['backtick', '`', "'"],
    ['trade mark', '™', 'TM'],
    ['copyright', '©', '(c)'],
    ['one half', '½', '1/2'],
    ['multiplication sign', '×', 'x'],
    ['right arrow', '→', '->'],
    ['fullwidth A', 'Ａ', 'A'],
    ['fullwidth exclamation mark', '！', '!'],
    ['fullwidth backtick', '｀', "'"],
    ['ohm sign (a duplicate of Omega)', '\u2126', 'Ω'],
    ['e + combining acute', 'e\u0301', 'é'],
  ])('the %s reads as %j', (_name, char, lookalike) => {
    expect(gsmLookalikeFor(char)).toBe(lookalike);
  });

  it.each([
    ['a GSM-7 letter (nothing to fix)', 'a'],
    ['a GSM-7 accent (nothing to fix)', 'é'],
    ['an emoji', '😀'],
    ['an accent GSM-7 lacks: dropping it would change the spelling', 'á'],
    ['ç, for the same reason', 'ç'],
    ['a Chinese character', '你'],
    ['the empty string', ''],
  ])('offers nothing for %s', (_name, char) => {
    expect(gsmLookalikeFor(char)).toBeUndefined();
  });

  it('only ever suggests GSM-7 text', () => {
    for (const [char, lookalike] of Object.entries(GSM_LOOKALIKES)) {
      expect(isGsmText(char), `${JSON.stringify(char)} is itself GSM-7`).toBe(false);
      expect(isGsmText(lookalike), `${JSON.stringify(char)} -> ${JSON.stringify(lookalike)}`).toBe(true);
    }
    for (let code = 0xff01; code <= 0xff5e; code++) {
      const suggestion = gsmLookalikeFor(String.fromCharCode(code));
      expect(suggestion === undefined || isGsmText(suggestion)).toBe(true);
    }
  });

  it('refuses a non-string', () => {
    expect(() => gsmLookalikeFor(7 as unknown as string)).toThrow(FlowSmsError);
  });
});

describe('replaceWithGsmLookalikes', () => {
  it('turns a message pasted from a word processor back into one GSM-7 segment', () => {
    const pasted = '“Your table’s ready” — reply YES… or call\u00a0us • thanks';
    expect(countSegments(pasted)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    const fixed = replaceWithGsmLookalikes(pasted);
    expect(fixed).toBe('"Your table\'s ready" - reply YES... or call us - thanks');
    expect(countSegments(fixed)).toMatchObject({ encoding: 'GSM-7', segments: 1, nonGsm: [] });
  });

  it('can save segments', () => {
    const text = `${'Your booking is confirmed. '.repeat(5)}See you soon…`;
    expect(countSegments(text).segments).toBe(3);
    expect(countSegments(replaceWithGsmLookalikes(text)).segments).toBe(1);
  });

  it('leaves characters without a look-alike exactly as they were', () => {
    expect(replaceWithGsmLookalikes('Olá — até já 🎉')).toBe('Olá - até já 🎉');
    expect(countSegments(replaceWithGsmLookalikes('Olá — até já 🎉')).nonGsm.map((c) => c.char)).toEqual([
      'á',
      'á',
      '🎉',
    ]);
  });

  it('removes invisible characters', () => {
    expect(replaceWithGsmLookalikes('\ufeffHello\u200b world\u00ad')).toBe('Hello world');
  });

  it('removes a stray joiner or variation selector that the segmenter counts as part of the letter before it', () => {
    const pasted = 'Hi\u200dthere, A\ufe0f ok\u200c!';
    expect(countSegments(pasted).encoding).toBe('UCS-2');
    const fixed = replaceWithGsmLookalikes(pasted);
    expect(fixed).toBe('Hithere, A ok!');
    expect(countSegments(fixed).encoding).toBe('GSM-7');
    // A real emoji sequence is left alone: its joiners hold it together.
    expect(replaceWithGsmLookalikes('👨\u200d👩\u200d👧 hi')).toBe('👨\u200d👩\u200d👧 hi');
  });

  it('composes decomposed accents GSM-7 has', () => {
    expect(replaceWithGsmLookalikes('Cafe\u0301 Mu\u0308ller')).toBe('Café Müller');
  });

  it('returns GSM-7 text unchanged', () => {
    const text = 'Already fine: {€}';
    expect(replaceWithGsmLookalikes(text)).toBe(text);
  });

  it('refuses a non-string', () => {
    expect(() => replaceWithGsmLookalikes(undefined as unknown as string)).toThrow(/must be a string/);
  });
});

describe('replaceWithGsmLookalikes in a template', () => {
  it("escapes a look-alike quote inside a token's quoted fallback, so the fallback still parses", () => {
    const fixed = replaceWithGsmLookalikes("Hi {{name | 'It’s you'}}, it’s on");
    expect(fixed).toBe("Hi {{name | 'It\\'s you'}}, it's on");
    expect(parseTemplate(fixed).errors).toEqual([]);
    expect(renderTemplate(fixed, {}).text).toBe("Hi It's you, it's on");
  });

  it.each([
    ['fullwidth braces', '｛｛first_name｝｝ is booked', '\\{{first_name}} is booked'],
    ['fullwidth angle brackets', 'Reply ＜STOP＞ to opt out', 'Reply \\<STOP> to opt out'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the pasted ${...} syntax, as text
    ['a fullwidth dollar and brace', 'Costs ＄｛price｝', 'Costs \\${price}'],
  ])('keeps text that its look-alikes would turn into a token (%s) as text', (_case, pasted, fixed) => {
    expect(parseTemplate(pasted).parts.every((part) => part.type === 'text')).toBe(true);
    expect(replaceWithGsmLookalikes(pasted)).toBe(fixed);
    // Rendered, the escaped text is exactly the look-alikes written out: nothing became an input.
    expect(renderTemplate(fixed, {}).text).toBe(fixed.replace('\\', ''));
  });

  it('replaces only the character asked for', () => {
    expect(replaceWithGsmLookalikes('“Done” – it’s booked', '’')).toBe("“Done” – it's booked");
  });
});
