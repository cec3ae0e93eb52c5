import fc from 'fast-check';

/**
 * Message text as builders and callers write it, weighted towards what makes segment counting
 * hard: runs that end near a segment boundary, extension characters (2 septets), accents inside
 * and outside GSM-7, emoji with modifiers, flags, ZWJ sequences and combining marks.
 */
const gsmWord = fc.constantFrom(
  'Hi',
  'your',
  'booking',
  'at',
  'is',
  'confirmed',
  'for',
  '12:30',
  'Reply',
  'STOP',
);
const gsmRun = fc.integer({ min: 1, max: 160 }).map((n) => 'x'.repeat(n));
const extension = fc.constantFrom('{', '}', '[', ']', '\\', '^', '~', '|', '€', '\f');
const gsmAccent = fc.constantFrom('é', 'è', 'ü', 'ñ', 'Å', 'ß', 'Ø', 'à', 'Ç', '£', '¥', '§', 'Δ', 'Ω');
const otherAccent = fc.constantFrom('á', 'í', 'ó', 'ú', 'ç', 'ł', 'ő', 'ê', 'â', 'ș', 'Ł');
const punctuation = fc.constantFrom('“', '”', '‘', '’', '—', '–', '…', '\u00a0', '•', '\t', '`');
const emoji = fc.constantFrom('😀', '👍', '👍🏽', '❤️', '🎉', '☎️', '✅', '🙂', '🚀', '👋🏿');
const flag = fc.constantFrom('🇺🇸', '🇬🇧', '🇩🇪', '🇫🇷', '🇯🇵', '🇧🇷', '🇺🇦');
const zwj = fc.constantFrom('👨‍👩‍👧', '👩‍💻', '🏳️‍🌈', '👨🏽‍🚀', '🧑‍🤝‍🧑', '👁️‍🗨️', '🐻‍❄️', '❤️‍🔥');
const combining = fc.constantFrom('e\u0301', 'a\u0308', 'n\u0303', 'o\u0302\u0323', 'u\u0308\u0304');
const otherScript = fc.constantFrom(
  'Привет',
  '你好',
  'مرحبا',
  'γειά',
  'こんにちは',
  '안녕',
  'नमस्ते',
  'क्षत्रिय',
);
const lineBreak = fc.constantFrom('\n', '\r\n', ' ');

export const piece = fc.oneof(
  { arbitrary: gsmWord, weight: 30 },
  { arbitrary: lineBreak, weight: 15 },
  { arbitrary: gsmRun, weight: 6 },
  { arbitrary: extension, weight: 6 },
  { arbitrary: gsmAccent, weight: 5 },
  { arbitrary: otherAccent, weight: 2 },
  { arbitrary: punctuation, weight: 2 },
  { arbitrary: emoji, weight: 2 },
  { arbitrary: flag, weight: 1 },
  { arbitrary: zwj, weight: 1 },
  { arbitrary: combining, weight: 1 },
  { arbitrary: otherScript, weight: 1 },
);

/** A message of 1 to 80 pieces: from a word to about ten segments. */
const freeMessage = fc.array(piece, { minLength: 1, maxLength: 80 }).map((parts) => parts.join(''));

/** Filler that ends a few units before a segment boundary, so the next piece lands on it. */
const nearBoundary = fc.oneof(
  fc.integer({ min: 145, max: 160 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 295, max: 306 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 60, max: 70 }).map((n) => 'あ'.repeat(n)),
  fc.integer({ min: 125, max: 134 }).map((n) => 'あ'.repeat(n)),
);
const tricky = fc.oneof(extension, emoji, flag, zwj, combining, otherScript, punctuation, lineBreak);
const boundaryMessage = fc
  .tuple(nearBoundary, fc.array(tricky, { minLength: 1, maxLength: 4 }), fc.array(piece, { maxLength: 20 }))
  .map(([filler, edge, tail]) => filler + edge.join('') + tail.join(''));

/**
 * A joined sequence straddling the UCS-2 boundary (67 units) with a tail that brings the total
 * close to a full second or third segment: where a grapheme definition matters, it shows here.
 */
const straddleMessage = fc
  .tuple(
    fc.integer({ min: 55, max: 67 }),
    fc.oneof(zwj, otherScript, flag, combining),
    fc.integer({ min: 50, max: 67 }),
  )
  .map(([before, edge, after]) => 'あ'.repeat(before) + edge + 'あ'.repeat(after));

/** A letter under more accents than fit in one UCS-2 segment (text decorated "Zalgo" style). */
const overlongGrapheme = fc
  .tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 60, max: 90 }))
  .map(([before, marks]) => `${'y'.repeat(before)}Z${'\u0336\u0317'.repeat(marks / 2)}!`);

export const message = fc.oneof(
  { arbitrary: freeMessage, weight: 10 },
  { arbitrary: boundaryMessage, weight: 6 },
  { arbitrary: straddleMessage, weight: 3 },
  { arbitrary: overlongGrapheme, weight: 1 },
);

/** A message that stays in GSM-7 (basic and extension characters only). */
export const gsmMessage = fc
  .array(fc.oneof({ arbitrary: gsmWord, weight: 5 }, lineBreak, gsmRun, extension, gsmAccent), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

/** A deterministic corpus, so a disagreement found once is found on every run. */
export function sampleCorpus(size: number, seed: number): string[] {
  return fc.sample(message, { numRuns: size, seed });
}
