import { SeededRandom } from './harness/rng';

/**
 * Generated SMS bodies for the agreement table: what builders write (sentences, links, prices),
 * weighted towards what separates careful counters from naive ones: escape pairs and joined
 * characters landing on a part boundary, old and new emoji sequences, combining marks, CR LF,
 * the rare form feed, and the empty message.
 */
const WORDS = [
  'Hi',
  'your',
  'order',
  'ships',
  'today',
  'Reply',
  'STOP',
  'to',
  'opt',
  'out',
  'at',
  '12:30',
  'Thanks!',
];
const EXTENSION = ['{', '}', '[', ']', '\\', '^', '~', '|', '€'];
const GSM_ACCENTS = ['é', 'è', 'ü', 'ñ', 'Å', 'ß', 'Ø', 'à', '£', '¥', 'Δ', 'Ω'];
const OTHER_ACCENTS = ['á', 'í', 'ó', 'ç', 'ł', 'ê', 'ș'];
const SMART_PUNCTUATION = ['’', '“', '”', '—', '…', '\u00a0'];
const EMOJI = ['😀', '👍', '👍🏽', '❤️', '🎉', '✅', '🚀'];
const FLAGS = ['🇺🇸', '🇬🇧', '🇫🇷', '🇯🇵', '🇺🇦'];
/** ZWJ sequences an old grapheme table already knew (family, rainbow flag) and newer ones it splits. */
const ZWJ_OLD = ['👨‍👩‍👧', '👩‍💻', '🏳️‍🌈'];
const ZWJ_NEW = ['🧑‍🤝‍🧑', '❤️‍🔥', '🐻‍❄️', '🧑🏽‍🚀'];
const COMBINING = ['e\u0301', 'a\u0308', 'o\u0302\u0323'];
const SCRIPTS = ['Привет', '你好', 'مرحبا', 'こんにちは', 'नमस्ते', 'क्षमा'];

export type CorpusKind = 'plain' | 'extension' | 'ucs2' | 'boundary' | 'crlf' | 'overlong';

export interface CorpusMessage {
  kind: CorpusKind;
  text: string;
}

function sentence(random: SeededRandom, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random.pick(WORDS));
  return out.join(' ');
}

function mixed(random: SeededRandom, pieces: number, pools: readonly (readonly string[])[]): string {
  let text = '';
  for (let i = 0; i < pieces; i++) {
    text += random.chance(0.7) ? `${random.pick(WORDS)} ` : random.pick(random.pick(pools));
  }
  return text;
}

/** Filler that stops a few units short of a part boundary, so the next character lands on it. */
function nearBoundary(random: SeededRandom, unicode: boolean): string {
  if (unicode) {
    const boundary = random.pick([67, 134, 201]);
    return 'あ'.repeat(boundary - random.int(0, 3));
  }
  const boundary = random.pick([153, 306, 459]);
  return 'x'.repeat(boundary - random.int(0, 3));
}

function generate(random: SeededRandom): CorpusMessage {
  const roll = random.next();
  if (roll < 0.3) return { kind: 'plain', text: sentence(random, random.int(1, 280)) };
  if (roll < 0.45)
    return { kind: 'extension', text: mixed(random, random.int(5, 200), [EXTENSION, GSM_ACCENTS]) };
  if (roll < 0.65) {
    const pools = [OTHER_ACCENTS, SMART_PUNCTUATION, EMOJI, FLAGS, ZWJ_OLD, ZWJ_NEW, COMBINING, SCRIPTS];
    return { kind: 'ucs2', text: mixed(random, random.int(2, 120), pools) };
  }
  if (roll < 0.93) {
    const unicode = random.chance(0.5);
    const edge = unicode
      ? random.pick([...EMOJI, ...FLAGS, ...ZWJ_OLD, ...ZWJ_NEW, ...COMBINING, ...SCRIPTS])
      : random.pick([...EXTENSION, ...(random.chance(0.05) ? ['\f'] : [])]);
    const tail = unicode ? 'あ'.repeat(random.int(0, 70)) : 'y'.repeat(random.int(0, 160));
    return { kind: 'boundary', text: nearBoundary(random, unicode) + edge + tail };
  }
  if (roll < 0.99) {
    return {
      kind: 'crlf',
      text: Array.from({ length: random.int(2, 40) }, () => sentence(random, 3)).join('\r\n'),
    };
  }
  // One character longer than a whole UCS-2 part: a letter under dozens of combining accents.
  return {
    kind: 'overlong',
    text: `${'あ'.repeat(random.int(0, 60))}a${'\u0301'.repeat(random.int(66, 90))}`,
  };
}

/** `size` messages from `seed`; the first is the empty message, which every counter must handle. */
export function segmentCorpus(size: number, seed: number): CorpusMessage[] {
  const random = new SeededRandom(seed);
  const corpus: CorpusMessage[] = [{ kind: 'plain', text: '' }];
  while (corpus.length < size) corpus.push(generate(random));
  return corpus;
}
