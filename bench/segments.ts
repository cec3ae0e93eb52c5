import { count as smsLengthCount } from 'sms-length';
import { SegmentedMessage } from 'sms-segments-calculator';
import { countSegments } from '../src/core/segments';
import { type TimedTask, timeTasks } from './harness/measure';
import { formatDuration, formatRatio } from './harness/report';
import type { BenchContext, Benchmark, ReportTable } from './harness/types';

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const SENTENCE = 'Hi Alex, your table for 4 at Luigi is booked for 19:30 today. Reply STOP to opt out. ';

/** The messages timed; each is checked first, so a timing never covers a wrong answer. */
const CASES = [
  { what: 'GSM-7, 160 chars (1 part)', text: repeatTo(SENTENCE, 160) },
  { what: 'GSM-7, 1,600 chars (11 parts)', text: repeatTo(SENTENCE, 1600) },
  {
    what: 'GSM-7 extension-heavy, 600 chars',
    text: repeatTo('Total {EUR} [12€] ~ a|b ^ c\\d; ', 600),
  },
  {
    what: 'UCS-2 emoji, flags, ZWJ, 400 units',
    text: repeatTo('Hi 👋🏽 your 🇫🇷 trip 👨‍👩‍👧 is on ❤️ see you 🧑‍🤝‍🧑 ', 400),
  },
] as const;

const TARGET_RATIO = 100;

function checkAgreement(text: string): void {
  const ours = countSegments(text).segments;
  const twilio = new SegmentedMessage(text).segmentsCount;
  if (ours !== twilio) {
    throw new Error(
      `Segment counts differ on a timed message (${ours} vs Twilio ${twilio}): ${text.slice(0, 40)}…`,
    );
  }
}

async function run(context: BenchContext) {
  const rows: string[][] = [];
  let target = '';
  let headline: string[] = [];
  for (const { what, text } of CASES) {
    checkAgreement(text);
    context.log(`segments: ${what}`);
    const tasks: TimedTask[] = [
      { name: 'flow-sms', fn: () => countSegments(text).segments },
      { name: 'sms-segments-calculator', fn: () => new SegmentedMessage(text).segmentsCount },
      { name: 'sms-length', fn: () => smsLengthCount(text).messages },
    ];
    const timings = timeTasks(context, tasks);
    const ours = timings.get('flow-sms')!.medianMs;
    for (const peer of ['sms-segments-calculator', 'sms-length'] as const) {
      const theirs = timings.get(peer)!.medianMs;
      rows.push([what, formatDuration(ours), peer, formatDuration(theirs), formatRatio(theirs / ours)]);
      if (peer === 'sms-segments-calculator' && what.startsWith('GSM-7, 1,600')) {
        const ratio = theirs / ours;
        headline = [
          'segment count, 1,600 GSM-7 chars',
          formatDuration(ours),
          "Twilio's calculator",
          formatDuration(theirs),
          formatRatio(ratio),
        ];
        target = `Target: at least ${TARGET_RATIO}× faster than Twilio's calculator on 1,600 GSM-7 characters: ${formatRatio(ratio)}, ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}.`;
      }
    }
  }
  const table: ReportTable = {
    title: 'Segment counting, median time per message',
    columns: ['what', 'flow-sms', 'peer', 'peer time', 'ratio'],
    rows,
    notes: [
      target,
      'flow-sms returns more than the count (encoding, units left, every non-GSM character with a GSM look-alike, part start offsets); sms-length returns only totals and splits naively (see the agreement table).',
    ],
  };
  return { title: 'Segment counting', tables: [table], headline: [headline] };
}

export const segmentsBenchmark: Benchmark = {
  id: 'segments',
  title: 'Segment counting',
  run,
};
