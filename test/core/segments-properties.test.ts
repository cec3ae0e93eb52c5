import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countSegments,
  GSM_EXTENSION_CHARACTERS,
  gsmSeptets,
  replaceWithGsmLookalikes,
} from '../../src/core/segments';
import { gsmMessage, message, piece } from './segments-corpus';

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Offsets where a part may begin: grapheme boundaries, plus inside CR LF and inside graphemes too long for any part. */
function allowedStarts(text: string): Set<number> {
  const allowed = new Set<number>();
  for (const { segment, index } of graphemeSegmenter.segment(text)) {
    allowed.add(index);
    if (segment === '\r\n') allowed.add(index + 1);
    if (segment.length > 67) {
      let offset = index;
      for (const codePoint of segment) {
        allowed.add(offset);
        offset += codePoint.length;
      }
    }
  }
  return allowed;
}

function cost(slice: string, encoding: 'GSM-7' | 'UCS-2'): number {
  if (encoding === 'UCS-2') return slice.length;
  let septets = 0;
  for (let i = 0; i < slice.length; i++) septets += gsmSeptets(slice.charCodeAt(i));
  return septets;
}

const anyText = fc.oneof(
  message,
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const anyCharacter = fc.oneof(
  piece,
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

describe('countSegments properties', () => {
  it('appending a character never lowers the segment count', () => {
    fc.assert(
      fc.property(anyText, anyCharacter, (text, extra) => {
        expect(countSegments(text + extra).segments).toBeGreaterThanOrEqual(countSegments(text).segments);
      }),
      { numRuns: 1000 },
    );
  });

  it('inserting a GSM-7 character between two characters never lowers the segment count', () => {
    fc.assert(
      fc.property(message, fc.nat(), fc.constantFrom('a', ' ', '€', '{', 'é'), (text, pick, extra) => {
        const boundaries = [...graphemeSegmenter.segment(text)].map((g) => g.index);
        const at = boundaries[pick % boundaries.length] ?? 0;
        const grown = text.slice(0, at) + extra + text.slice(at);
        expect(countSegments(grown).segments).toBeGreaterThanOrEqual(countSegments(text).segments);
      }),
      { numRuns: 500 },
    );
  });

  it('inserting a character INSIDE a joined emoji can lower the count: its pieces pack tighter (documented, not a bug)', () => {
    // 60 + 8 units: the whole family moves to part two (7 units wasted in part one) and the
    // 60 units after it overflow into a third part. Break the sequence and the pieces fit.
    const family = '🧑‍🤝‍🧑';
    const whole = `${'あ'.repeat(60)}${family}${'あ'.repeat(60)}`;
    const broken = `${'あ'.repeat(60)}🧑x\u200d🤝\u200d🧑${'あ'.repeat(60)}`;
    expect(countSegments(whole).segments).toBe(3);
    expect(countSegments(broken).segments).toBe(2);
  });

  it('GSM-7 text of n septets without extension characters follows n <= 160 ? 1 : ceil(n / 153)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '@', 'é', 'Δ', '\n'), maxLength: 1700 }),
        (text) => {
          const n = text.length;
          const expected = n === 0 ? 0 : n <= 160 ? 1 : Math.ceil(n / 153);
          expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', units: n, segments: expected });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('GSM-7 text with extension characters follows the closed formula once escape pairs are kept whole', () => {
    // Reference model: the closed formula, except that an escape pair that would straddle a part
    // boundary moves whole into the next part.
    function modelSegments(text: string): number {
      const costs = [...text].map((c) => (GSM_EXTENSION_CHARACTERS.includes(c) ? 2 : 1));
      const septets = costs.reduce((a, b) => a + b, 0);
      if (septets === 0) return 0;
      if (septets <= 160) return 1;
      let parts = 1;
      let fill = 0;
      for (const c of costs) {
        if (fill + c > 153) {
          parts++;
          fill = 0;
        }
        fill += c;
      }
      return parts;
    }
    fc.assert(
      fc.property(gsmMessage, (text) => {
        const result = countSegments(text);
        expect(result.encoding).toBe('GSM-7');
        expect(result.segments).toBe(modelSegments(text));
        // Never fewer than the formula says, and only more when pairs actually moved.
        const formula = result.units === 0 ? 0 : result.units <= 160 ? 1 : Math.ceil(result.units / 153);
        expect(result.segments).toBeGreaterThanOrEqual(formula);
      }),
      { numRuns: 500 },
    );
  });

  it('UCS-2 text of n independent BMP characters follows n <= 70 ? 1 : ceil(n / 67)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('あ', '你', 'ж', 'a', '’', '—'), minLength: 1, maxLength: 700 }),
        (text) => {
          fc.pre(!/^[a]*$/.test(text));
          const n = text.length;
          expect(countSegments(text)).toMatchObject({
            encoding: 'UCS-2',
            units: n,
            segments: n <= 70 ? 1 : Math.ceil(n / 67),
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parts start on character boundaries, stay within capacity and are filled before the next one starts', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = countSegments(text);
        const { encoding, segmentStarts: starts } = result;
        expect(starts).toHaveLength(result.segments);
        if (result.segments === 0) return;
        expect(starts[0]).toBe(0);
        const allowed = allowedStarts(text);
        for (const start of starts) expect(allowed.has(start), `part starts at ${start}`).toBe(true);
        const ends = [...starts.slice(1), text.length];
        const sizes = starts.map((start, i) => cost(text.slice(start, ends[i]), encoding));
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(result.units);
        const capacity =
          result.segments === 1 ? (encoding === 'GSM-7' ? 160 : 70) : encoding === 'GSM-7' ? 153 : 67;
        expect(result.unitsPerSegment).toBe(capacity);
        for (const size of sizes) expect(size).toBeLessThanOrEqual(capacity);
        expect(result.unitsLeft).toBe(capacity - sizes[sizes.length - 1]!);
        // Greedy: the first character of each later part did not fit into the part before it.
        const sortedAllowed = [...allowed].sort((a, b) => a - b);
        for (let i = 1; i < starts.length; i++) {
          const nextBoundary = sortedAllowed.find((b) => b > starts[i]!) ?? text.length;
          const firstItem = cost(text.slice(starts[i], nextBoundary), encoding);
          expect(sizes[i - 1]! + firstItem).toBeGreaterThan(capacity);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('counts user-perceived characters as Intl.Segmenter does', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(countSegments(text).characters).toBe([...graphemeSegmenter.segment(text)].length);
      }),
      { numRuns: 500 },
    );
  });

  it('lists exactly the characters GSM-7 cannot carry, and only for UCS-2 text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { encoding, nonGsm } = countSegments(text);
        expect(encoding === 'UCS-2').toBe(nonGsm.length > 0);
        for (const { char, index } of nonGsm) {
          expect(text.slice(index, index + char.length)).toBe(char);
          expect(cost(char, 'GSM-7') === char.length && !char.includes('\u001b')).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('replaceWithGsmLookalikes properties', () => {
  it('applies every suggestion, keeps everything else, and is idempotent', () => {
    fc.assert(
      fc.property(message, (text) => {
        const fixed = replaceWithGsmLookalikes(text);
        const left = countSegments(fixed).nonGsm;
        expect(left.every((c) => c.suggestion === undefined)).toBe(true);
        const unfixable = countSegments(text).nonGsm.filter((c) => c.suggestion === undefined);
        expect(left.map((c) => c.char)).toEqual(unfixable.map((c) => c.char));
        expect(replaceWithGsmLookalikes(fixed)).toBe(fixed);
      }),
      { numRuns: 500 },
    );
  });
});
