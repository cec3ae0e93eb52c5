import { FlowSmsError } from '../errors';
import { TWILIO_BODY_MAX } from '../limits';

const count = new Intl.NumberFormat('en-US');

function requireText(text: unknown): string {
  if (typeof text !== 'string') {
    throw new FlowSmsError('invalid_input', `Message body must be a string (got ${typeof text})`, 'body');
  }
  return text;
}

/**
 * The length Twilio holds against its 1,600-character Body limit (error 21617).
 *
 * Twilio documents the limit in characters and warns that emoji and other characters outside the
 * basic plane use up the limit faster; that is what counting UTF-16 code units gives (an emoji is
 * two, a flag four). Counting code units is also the cautious choice: it never reports a body as
 * fitting when counting code points or graphemes would have said it does not.
 */
export function twilioBodyLength(text: string): number {
  return requireText(text).length;
}

/** True when Twilio would refuse `text` as a message body (longer than 1,600 characters). */
export function exceedsTwilioBodyLimit(text: string): boolean {
  return twilioBodyLength(text) > TWILIO_BODY_MAX;
}

/** Throws `body_too_long` (Twilio error 21617) saying how much to cut when `text` is over the limit. */
export function assertWithinTwilioBodyLimit(text: string): void {
  const length = twilioBodyLength(text);
  if (length <= TWILIO_BODY_MAX) return;
  const excess = length - TWILIO_BODY_MAX;
  const emojiNote = hasAstralCharacters(text) ? ' (emoji and other symbols count as 2 characters each)' : '';
  throw new FlowSmsError(
    'body_too_long',
    `Message body is ${count.format(length)} characters${emojiNote}; Twilio accepts at most ` +
      `${count.format(TWILIO_BODY_MAX)} (error 21617). Cut ${count.format(excess)} ` +
      `character${excess === 1 ? '' : 's'}.`,
    'body',
    { length, limit: TWILIO_BODY_MAX, excess, twilioErrorCode: 21617 },
  );
}

/** Whether `text` holds a character outside the basic plane (an emoji), which Twilio counts as 2 or more. */
export function hasAstralCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) return true;
  }
  return false;
}
