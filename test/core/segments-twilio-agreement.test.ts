import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { countSegments } from '../../src/core/segments';
import { sampleCorpus } from './segments-corpus';

/**
 * Differential test against Twilio's own Message Segment Calculator (sms-segments-calculator).
 *
 * Both count the same way: GSM 03.38 with the extension table, 160/153 septets or 70/67 UTF-16
 * units, greedy parts that never split an escape pair or a grapheme. They disagree on purpose in
 * exactly these classes, which are excluded from the plain comparison by name:
 *
 * - EMPTY_TEXT: the calculator reports one (empty) segment for ''; nothing is sent, so we say 0.
 * - GRAPHEMES_DIFFER: the calculator cuts graphemes with grapheme-splitter 1.0.4, which predates
 *   Unicode 11's emoji ZWJ rule and 15.1's Indic conjunct rule, so it splits 🧑‍🤝‍🧑, ❤️‍🔥 or क्ष into
 *   pieces and may end a part between them. We follow the running engine's Intl.Segmenter (current
 *   Unicode), which is what a phone displays as one character. For these messages we check the
 *   stronger claim that the calculator's own packing, fed current graphemes, gives our count.
 * - OVERLONG_GRAPHEME: one grapheme longer than a UCS-2 part (67 units). The calculator keeps it
 *   whole in an over-full part no SMS can carry; we split it between code points.
 */
type ExceptionClass = 'EMPTY_TEXT' | 'GRAPHEMES_DIFFER' | 'OVERLONG_GRAPHEME';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function currentGraphemes(text: string): string[] {
  // The calculator splits CR LF into two characters, as the air interface does; so do we.
  return [...segmenter.segment(text)].flatMap(({ segment }) =>
    segment === '\r\n' ? ['\r', '\n'] : [segment],
  );
}

function exceptionClassOf(text: string, calculator: SegmentedMessage): ExceptionClass | undefined {
  if (text === '') return 'EMPTY_TEXT';
  const graphemes = currentGraphemes(text);
  if (graphemes.some((g) => g.length > 67)) return 'OVERLONG_GRAPHEME';
  const same =
    graphemes.length === calculator.graphemes.length &&
    graphemes.every((g, i) => g === calculator.graphemes[i]);
  return same ? undefined : 'GRAPHEMES_DIFFER';
}

/** The calculator's packing (its own code) applied to current Unicode graphemes. */
function calculatorWithCurrentGraphemes(text: string, calculator: SegmentedMessage): number {
  return calculator._buildSegments(calculator._encodeChars(currentGraphemes(text))).length;
}

const CORPUS_SIZE = 2400;
const corpus = ['', ...sampleCorpus(CORPUS_SIZE, 20_240_601)];

describe(`agreement with Twilio's segment calculator on ${corpus.length} generated messages`, () => {
  const rows = corpus.map((text) => {
    const ours = countSegments(text);
    const calculator = new SegmentedMessage(text);
    return { text, ours, calculator, exception: exceptionClassOf(text, calculator) };
  });

  it('exercises every kind of message: both encodings, one to many parts, every exception class', () => {
    const encodings = new Set(rows.map((r) => r.ours.encoding));
    expect(encodings).toEqual(new Set(['GSM-7', 'UCS-2']));
    expect(rows.filter((r) => r.ours.segments >= 3).length).toBeGreaterThan(CORPUS_SIZE / 10);
    for (const name of ['EMPTY_TEXT', 'GRAPHEMES_DIFFER', 'OVERLONG_GRAPHEME'] as const) {
      expect(
        rows.some((r) => r.exception === name),
        name,
      ).toBe(true);
    }
  });

  it('agrees on encoding for every message', () => {
    const disagreements = rows
      .filter((r) => r.ours.encoding !== r.calculator.encodingName)
      .map((r) => r.text);
    expect(disagreements).toEqual([]);
  });

  it('agrees on the segment count for every message outside the named exception classes', () => {
    const compared = rows.filter((r) => r.exception === undefined);
    expect(compared.length).toBeGreaterThan(CORPUS_SIZE * 0.8);
    const disagreements = compared
      .filter((r) => r.ours.segments !== r.calculator.segmentsCount)
      .map((r) => ({ text: r.text, ours: r.ours.segments, twilio: r.calculator.segmentsCount }));
    expect(disagreements).toEqual([]);
  });

  it('GRAPHEMES_DIFFER: agrees with the calculator once it is given current Unicode graphemes', () => {
    const rowsInClass = rows.filter((r) => r.exception === 'GRAPHEMES_DIFFER');
    const disagreements = rowsInClass
      .filter((r) => r.ours.segments !== calculatorWithCurrentGraphemes(r.text, r.calculator))
      .map((r) => r.text);
    expect(disagreements).toEqual([]);
  });

  // Neither count is "fewer" in general: the calculator's over-full part can swallow what we spread
  // over two (e.g. 'あ'×60 + 'a' + U+0301×80: 3 parts for us, 2 for it). What holds is that every part
  // we count can actually be sent: none is longer than a UCS-2 part.
  it('OVERLONG_GRAPHEME: every part we count fits in one UCS-2 SMS (67 units)', () => {
    const overlong = rows.filter((row) => row.exception === 'OVERLONG_GRAPHEME');
    expect(overlong.length).toBeGreaterThan(0);
    for (const r of overlong) {
      const ends = [...r.ours.segmentStarts.slice(1), r.text.length];
      const lengths = r.ours.segmentStarts.map((start, i) => (ends[i] ?? r.text.length) - start);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(67);
    }
  });

  it('EMPTY_TEXT: counts no segment where the calculator counts one', () => {
    const empty = rows.find((r) => r.exception === 'EMPTY_TEXT')!;
    expect(empty.ours.segments).toBe(0);
    expect(empty.calculator.segmentsCount).toBe(1);
  });
});

describe("Twilio's calculator on hand-picked messages", () => {
  it.each([
    ['plain GSM-7 at the single-part limit', 'a'.repeat(160)],
    ['plain GSM-7 one over', 'a'.repeat(161)],
    ['an escape pair on the 153rd septet', `${'a'.repeat(152)}€${'a'.repeat(10)}`],
    ['a smart quote in GSM-7 text', `${'a'.repeat(69)}’`],
    ['an emoji on the UCS-2 boundary', `${'あ'.repeat(66)}😀${'あ'.repeat(5)}`],
    ['a flag on the UCS-2 boundary', `${'あ'.repeat(65)}🇫🇷${'あ'.repeat(5)}`],
    ['CR LF line breaks', `${'Line\r\n'.repeat(30)}`],
  ])('agrees on %s', (_name, text) => {
    const calculator = new SegmentedMessage(text);
    expect(countSegments(text)).toMatchObject({
      segments: calculator.segmentsCount,
      encoding: calculator.encodingName,
    });
  });

  it('differs on 🧑‍🤝‍🧑 straddling a boundary: we keep the one emoji whole (current Unicode), the calculator splits it in three', () => {
    const text = `${'あ'.repeat(63)}🧑‍🤝‍🧑${'あ'.repeat(60)}`;
    expect(new SegmentedMessage(text).segmentsCount).toBe(2);
    expect(countSegments(text).segments).toBe(3);
    expect(countSegments(text).segmentStarts[1]).toBe(63);
  });
});
