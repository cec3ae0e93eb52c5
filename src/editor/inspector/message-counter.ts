import { countSegments, type SegmentCount } from '../../core/segments';
import { plural } from '../preview/describe-char';

/** "123 characters · GSM-7 · 1 segment": what the counter under the message says. */
export function describeCount(count: SegmentCount): string {
  return [plural(count.characters, 'character'), count.encoding, plural(count.segments, 'segment')].join(
    ' · ',
  );
}

export function describeMessageLength(text: string): string {
  return describeCount(countSegments(text));
}
