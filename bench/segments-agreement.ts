import { count as smsLengthCount } from 'sms-length';
import { SegmentedMessage } from 'sms-segments-calculator';
import { countSegments, type SegmentCount } from '../src/core/segments';
import { formatCount, formatPercent } from './harness/report';
import type { BenchContext, Benchmark, BenchSection, ReportTable } from './harness/types';
import { segmentCorpus } from './segments-corpus';

const SEED = 20_240_601;
const CORPUS_SIZE = { quick: 10_000, full: 50_000 } as const;

/**
 * Why a peer's count differs from flow-sms. Each class is decided by re-deriving the peer's number
 * from the rule it applies (read from its source in node_modules), not by pattern-matching the text,
 * so a disagreement lands in a class only when that rule really explains it.
 */
interface DisagreementClass {
  name: string;
  why: string;
  right: string;
}

const TWILIO_CLASSES: Record<string, DisagreementClass> = {
  EMPTY_TEXT: {
    name: 'Empty message',
    why: "The calculator always opens one segment, so '' counts 1.",
    right: 'flow-sms: nothing is sent, nothing is billed (0).',
  },
  OLD_GRAPHEMES: {
    name: 'Emoji or Indic sequence newer than Unicode 10',
    why: "The calculator splits graphemes with grapheme-splitter 1.0.4 (Unicode 10 rules): 🧑‍🤝‍🧑, ❤️‍🔥, 🐻‍❄️ or क्ष become several pieces, so a part may end inside one of them. Confirmed per message: the calculator's own packing fed the engine's Intl.Segmenter graphemes gives flow-sms's count.",
    right:
      'flow-sms: a phone shows each as one character, and a part that ends inside it shows broken glyphs.',
  },
  OVERLONG_GRAPHEME: {
    name: 'One character longer than a UCS-2 part',
    why: 'A letter under 66+ combining accents is longer than 67 UTF-16 units; the calculator keeps it whole in a part of more than 1,120 bits (140 octets), which no SMS can carry, so its count may come out lower or higher.',
    right: 'flow-sms: it splits such a character between code points, the only way it can be sent.',
  },
};

const SMS_LENGTH_CLASSES: Record<string, DisagreementClass> = {
  ESCAPE_PAIR_SPLIT: {
    name: 'Extension character on a part boundary',
    why: 'sms-length divides total septets by 153; an escape pair (€, {, ], …) that straddles a boundary must move whole to the next part, which costs one septet more.',
    right: "flow-sms (and Twilio's calculator): an escape pair cannot be split between parts.",
  },
  CHARACTER_SPLIT: {
    name: 'Surrogate pair or joined character on a UCS-2 boundary',
    why: 'sms-length divides UTF-16 units by 67; an emoji, flag or accented sequence that straddles a boundary moves whole to the next part.',
    right: "flow-sms (and Twilio's calculator): a part never ends in the middle of a character.",
  },
  FORM_FEED: {
    name: 'Form feed (\\f)',
    why: "sms-length's GSM-7 extension pattern lacks the form feed, so it falls back to UTF-16 (70/67 units).",
    right: "flow-sms (and Twilio's calculator): \\f is in the GSM 03.38 extension table (escape + 0x0A).",
  },
};

/** 140 octets: the payload of one SMS. */
const SMS_BITS = 1120;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Current-Unicode graphemes, with CR LF as two characters as the calculator and the air interface treat it. */
function currentGraphemes(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (segment === '\r\n') out.push('\r', '\n');
    else out.push(segment);
  }
  return out;
}

function classifyTwilio(text: string, ours: SegmentCount, calculator: SegmentedMessage): string | undefined {
  if (text === '' && calculator.segmentsCount === 1 && ours.segments === 0) return 'EMPTY_TEXT';
  const graphemes = currentGraphemes(text);
  const overFull = calculator.segments.some((segment) => segment.sizeInBits() > SMS_BITS);
  if (overFull && graphemes.some((g) => g.length > 67)) return 'OVERLONG_GRAPHEME';
  const repacked = calculator._buildSegments(calculator._encodeChars(graphemes)).length;
  if (repacked === ours.segments) return 'OLD_GRAPHEMES';
  return undefined;
}

function classifySmsLength(text: string, ours: SegmentCount, theirs: number): string | undefined {
  if (text.includes('\f') && ours.encoding === 'GSM-7') return 'FORM_FEED';
  const single = ours.encoding === 'GSM-7' ? 160 : 70;
  const multi = ours.encoding === 'GSM-7' ? 153 : 67;
  // sms-length's rule, applied to the units flow-sms counted: plain division, nothing kept whole.
  const naive = ours.units <= single ? 1 : Math.ceil(ours.units / multi);
  if (naive !== theirs || theirs >= ours.segments) return undefined;
  return ours.encoding === 'GSM-7' ? 'ESCAPE_PAIR_SPLIT' : 'CHARACTER_SPLIT';
}

/** Invisible or joining code points, shown escaped so the example reads. */
const INVISIBLE = /[\p{M}\p{C}]/u;

function showCodePoint(codePoint: string): string {
  if (!INVISIBLE.test(codePoint)) return codePoint;
  return `\\u${codePoint.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A short, readable picture of a message: runs of one code point collapse to `x×150`. */
export function previewMessage(text: string, maxLength = 80): string {
  if (text === '') return "'' (empty)";
  const codePoints = [...text];
  const pieces: string[] = [];
  for (let i = 0; i < codePoints.length; ) {
    let end = i + 1;
    while (end < codePoints.length && codePoints[end] === codePoints[i]) end++;
    const shown = showCodePoint(codePoints[i]!);
    pieces.push(end - i >= 4 ? `[${shown}×${end - i}]` : shown.repeat(end - i));
    i = end;
  }
  const joined = pieces.join('');
  const cut = joined.length > maxLength ? `${joined.slice(0, maxLength - 1)}…` : joined;
  return `${cut} (${text.length} units)`;
}

interface Tally {
  count: number;
  /** The shortest message of the class: the easiest to check by hand. */
  example: string;
  twilioAgreesWithUs: number;
}

async function run(context: BenchContext): Promise<BenchSection> {
  const corpus = segmentCorpus(CORPUS_SIZE[context.mode], SEED);
  context.log(`segment agreement: ${corpus.length} messages`);
  let twilioAgree = 0;
  let lengthAgree = 0;
  let twilioEncodingAgree = 0;
  const twilioClasses = new Map<string, Tally>();
  const lengthClasses = new Map<string, Tally>();
  const add = (map: Map<string, Tally>, key: string, text: string, twilioAgrees?: boolean) => {
    const tally = map.get(key) ?? { count: 0, example: text, twilioAgreesWithUs: 0 };
    tally.count++;
    if (text.length < tally.example.length) tally.example = text;
    if (twilioAgrees) tally.twilioAgreesWithUs++;
    map.set(key, tally);
  };

  for (const { text } of corpus) {
    const ours = countSegments(text);
    const calculator = new SegmentedMessage(text);
    const lengthCount = smsLengthCount(text).messages;
    if (calculator.encodingName === ours.encoding) twilioEncodingAgree++;
    const twilioMatches = calculator.segmentsCount === ours.segments;
    if (twilioMatches) twilioAgree++;
    else add(twilioClasses, classifyTwilio(text, ours, calculator) ?? 'UNEXPLAINED', text);
    if (lengthCount === ours.segments) lengthAgree++;
    else add(lengthClasses, classifySmsLength(text, ours, lengthCount) ?? 'UNEXPLAINED', text, twilioMatches);
  }

  const total = corpus.length;
  const explained = (map: Map<string, Tally>) =>
    total - [...map.entries()].reduce((sum, [key, t]) => sum + (key === 'UNEXPLAINED' ? 0 : t.count), 0);
  const twilioUnexplained = twilioClasses.get('UNEXPLAINED')?.count ?? 0;
  const summary: ReportTable = {
    title: `Agreement on segment count, ${formatCount(total)} generated messages (seed ${SEED})`,
    columns: [
      'peer',
      'agrees with flow-sms',
      'disagreements',
      'unexplained',
      'agreement outside the explained classes',
    ],
    rows: [
      [
        'sms-segments-calculator',
        formatPercent(twilioAgree, total),
        formatCount(total - twilioAgree),
        formatCount(twilioUnexplained),
        formatPercent(twilioAgree, explained(twilioClasses)),
      ],
      [
        'sms-length',
        formatPercent(lengthAgree, total),
        formatCount(total - lengthAgree),
        formatCount(lengthClasses.get('UNEXPLAINED')?.count ?? 0),
        formatPercent(lengthAgree, explained(lengthClasses)),
      ],
    ],
    notes: [
      `Encoding (GSM-7 or UCS-2) agrees with Twilio's calculator on ${formatPercent(twilioEncodingAgree, total)} of messages.`,
      `Target: full agreement with Twilio's calculator outside the explained classes: ${twilioUnexplained === 0 ? 'met' : `NOT met (${twilioUnexplained} unexplained)`}.`,
      'Corpus: plain sentences, extension characters, accents, smart punctuation, emoji, flags, old and new ZWJ sequences, combining marks, other scripts, CR LF, and fillers that put a tricky character on a part boundary (bench/segments-corpus.ts).',
    ],
  };
  const classRows = (peer: string, map: Map<string, Tally>, classes: Record<string, DisagreementClass>) =>
    [...map.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([key, tally]) => {
        const known = classes[key];
        return [
          peer,
          known?.name ?? 'UNEXPLAINED',
          formatCount(tally.count),
          known?.why ?? 'No rule explains it: investigate.',
          known?.right ?? '?',
          previewMessage(tally.example),
        ];
      });
  const classes: ReportTable = {
    title: 'Every disagreement class, explained',
    columns: ['peer', 'class', 'messages', 'why they differ', 'which is right', 'example'],
    rows: [
      ...classRows('sms-segments-calculator', twilioClasses, TWILIO_CLASSES),
      ...classRows('sms-length', lengthClasses, SMS_LENGTH_CLASSES),
    ],
    notes: [
      `Twilio's calculator agrees with flow-sms on ${formatPercent(
        [...lengthClasses.values()].reduce((sum, t) => sum + t.twilioAgreesWithUs, 0),
        total - lengthAgree,
      )} of the messages where sms-length differs.`,
    ],
  };
  const headline = [
    `segment counts agree, ${formatCount(total)} messages`,
    `${formatPercent(twilioAgree, explained(twilioClasses))} outside ${twilioClasses.size - (twilioUnexplained ? 1 : 0)} explained classes`,
    "Twilio's calculator",
    `${formatPercent(twilioAgree, total)} of all`,
    '—',
  ];
  return { title: 'Segment counting: agreement', tables: [summary, classes], headline: [headline] };
}

export const segmentAgreementBenchmark: Benchmark = {
  id: 'segments-agreement',
  title: 'Segment counting: agreement',
  run,
};
