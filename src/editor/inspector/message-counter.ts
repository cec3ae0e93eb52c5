import { countSegments, type SegmentCount } from '../../core/segments';
import { formatCount, plural } from '../preview/describe-char';

/**
 * "123 characters · GSM-7 · 1 segment": what the counter under the message says; with a limit,
 * "123/500 characters · …", counted as the limit counts them (an emoji is one character).
 */
export function describeCount(count: SegmentCount, maxCharacters?: number): string {
  const characters =
    maxCharacters === undefined
      ? plural(count.characters, 'character')
      : `${formatCount(count.characters)}/${plural(maxCharacters, 'character')}`;
  return [characters, count.encoding, plural(count.segments, 'segment')].join(' · ');
}

export function describeMessageLength(text: string, maxCharacters?: number): string {
  return describeCount(countSegments(text), maxCharacters);
}
