import { countSegments, type SegmentCount } from '../../core/segments';

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** "123 characters · GSM-7 · 1 segment": what the counter under the message says. */
export function describeCount(count: SegmentCount): string {
  return [
    plural(count.characters, 'character', 'characters'),
    count.encoding,
    plural(count.segments, 'segment', 'segments'),
  ].join(' · ');
}

export function describeMessageLength(text: string): string {
  return describeCount(countSegments(text));
}
