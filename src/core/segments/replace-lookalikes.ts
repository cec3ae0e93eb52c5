import { FlowSmsError } from '../errors';
import { countSegments } from './count-segments';

/**
 * The preview's one-click fix: replaces every character that has a GSM-7 look-alike with it
 * (exactly the `suggestion`s `countSegments` lists) and leaves every other character alone.
 */
export function replaceWithGsmLookalikes(text: string): string {
  if (typeof text !== 'string') {
    throw new FlowSmsError('invalid_input', `Message text must be a string (got ${typeof text})`, 'text');
  }
  const { nonGsm } = countSegments(text);
  let result = '';
  let copiedUpTo = 0;
  for (const { char, index, suggestion } of nonGsm) {
    if (suggestion === undefined) continue;
    result += text.slice(copiedUpTo, index) + suggestion;
    copiedUpTo = index + char.length;
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}
