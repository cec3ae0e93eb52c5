import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { TWILIO_BODY_MAX } from '../../src/core/limits';
import {
  assertWithinTwilioBodyLimit,
  exceedsTwilioBodyLimit,
  twilioBodyLength,
} from '../../src/core/segments';

function caught(run: () => void): FlowSmsError {
  try {
    run();
  } catch (error) {
    if (error instanceof FlowSmsError) return error;
    throw error;
  }
  throw new Error('expected a FlowSmsError');
}

describe('Twilio body limit (1,600 characters, error 21617)', () => {
  it('accepts exactly 1,600 characters and refuses 1,601', () => {
    expect(TWILIO_BODY_MAX).toBe(1600);
    expect(exceedsTwilioBodyLimit('a'.repeat(1600))).toBe(false);
    expect(exceedsTwilioBodyLimit('a'.repeat(1601))).toBe(true);
    expect(() => assertWithinTwilioBodyLimit('a'.repeat(1600))).not.toThrow();
  });

  it('counts an emoji as two characters and a flag as four (UTF-16 code units)', () => {
    expect(twilioBodyLength('Hi 😀')).toBe(5);
    expect(twilioBodyLength('🇺🇸')).toBe(4);
    expect(exceedsTwilioBodyLimit('😀'.repeat(800))).toBe(false);
    expect(exceedsTwilioBodyLimit(`${'😀'.repeat(800)}!`)).toBe(true);
  });

  it('counts an extension character as one character, not two septets', () => {
    expect(twilioBodyLength('€'.repeat(1600))).toBe(1600);
    expect(exceedsTwilioBodyLimit('{'.repeat(1600))).toBe(false);
  });

  it('says how many characters to cut', () => {
    const error = caught(() => assertWithinTwilioBodyLimit('a'.repeat(1712)));
    expect(error.code).toBe('body_too_long');
    expect(error.field).toBe('body');
    expect(error.message).toBe(
      'Message body is 1,712 characters; Twilio accepts at most 1,600 (error 21617). Cut 112 characters.',
    );
    expect(error.details).toMatchObject({ length: 1712, limit: 1600, excess: 112, twilioErrorCode: 21617 });
  });

  it('says "1 character" in the singular and explains why emoji count double', () => {
    const error = caught(() => assertWithinTwilioBodyLimit(`${'a'.repeat(1599)}😀`));
    expect(error.message).toBe(
      'Message body is 1,601 characters (emoji and other symbols count as 2 characters each); ' +
        'Twilio accepts at most 1,600 (error 21617). Cut 1 character.',
    );
  });

  it.each([[undefined], [null], [1600]])('refuses %j as a body', (value) => {
    expect(() => twilioBodyLength(value as unknown as string)).toThrow(/Message body must be a string/);
    expect(() => assertWithinTwilioBodyLimit(value as unknown as string)).toThrow(FlowSmsError);
  });
});
