import type { SegmentCount } from '../../core/segments';
import { formatCount, plural } from '../preview/describe-char';

/**
 * "123 characters · GSM-7 · 1 segment": what the counter under the message says; with a limit,
 * "123/500 characters · …", counted as the limit counts them (an emoji is one character). For a
 * template with tokens (`asWritten`), "123/500 characters as written · segments in the preview":
 * the encoding and segments of the text with its tokens would not be the message's.
 */
export function describeCount(
  count: SegmentCount,
  maxCharacters?: number,
  { asWritten = false }: { asWritten?: boolean } = {},
): string {
  const characters =
    maxCharacters === undefined
      ? plural(count.characters, 'character')
      : `${formatCount(count.characters)}/${plural(maxCharacters, 'character')}`;
  if (asWritten) return `${characters} as written · encoding and segments in the preview`;
  return [characters, count.encoding, plural(count.segments, 'segment')].join(' · ');
}
