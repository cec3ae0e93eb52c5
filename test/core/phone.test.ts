import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import {
  type CountryCode,
  isE164,
  normalizePhoneNumber,
  tryNormalizePhoneNumber,
} from '../../src/core/phone';

function errorOf(input: string, country?: CountryCode): FlowSmsError {
  const result = tryNormalizePhoneNumber(input, country);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${result.e164}`);
  return result.error;
}

describe('normalizePhoneNumber', () => {
  it.each([
    ['+14155552671', undefined, '+14155552671'],
    ['+1 415 555 2671', undefined, '+14155552671'],
    ['+1-415-555-2671', undefined, '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['1-800-555-0199', 'US', '+18005550199'],
    ['  +44 20 7946 0958  ', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    // 00 is the + most of the world dials, with or without a default country.
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['00 33 6 12 34 56 78', undefined, '+33612345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+49 30 1234567', undefined, '+49301234567'],
    ['+61 4 1234 5678', undefined, '+61412345678'],
    ['tel:+14155552671', undefined, '+14155552671'],
    // A number written with its country code keeps it, whatever the default country.
    ['+44 20 7946 0958', 'US', '+442079460958'],
    // 00 also where the default country dials out with another prefix (011 in the US and Canada).
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['00 33 6 12 34 56 78', 'CA', '+33612345678'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    // Fullwidth digits and plus sign, as Japanese and Chinese keyboards type them.
    ['＋８１ ９０-１２３４-５６７８', undefined, '+819012345678'],
    ['＋１ ４１５ ５５５ ２６７１', 'US', '+14155552671'],
  ] as const)('%j (default %s) is %s', (input, country, e164) => {
    expect(normalizePhoneNumber(input, country)).toBe(e164);
    expect(tryNormalizePhoneNumber(input, country)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', undefined, 'Phone number is empty'],
    ['   ', undefined, 'Phone number is empty'],
    [
      '415 555 2671',
      undefined,
      'Phone number "415 555 2671" has no country code: write it as +1 415 555 0123 (with + and the country code) or choose a default country',
    ],
    ['12', 'US', 'Phone number "12" is too short for US'],
    ['+1 415 555 267', undefined, 'Phone number "+1 415 555 267" is too short for country code +1'],
    ['+1 415 555 26711', undefined, 'Phone number "+1 415 555 26711" is too long for country code +1'],
    [
      '+1 123 456 7890',
      undefined,
      'Phone number "+1 123 456 7890" is not a valid number for country code +1: check the digits',
    ],
    [
      '+44 20 7946 095',
      undefined,
      'Phone number "+44 20 7946 095" is not a valid number for country code +44: check the digits',
    ],
    [
      '+999 123456',
      undefined,
      'Phone number "+999 123456" starts with a country code that does not exist: check the digits after the +',
    ],
    [
      '00999 123456',
      undefined,
      'Phone number "00999 123456" starts with a country code that does not exist: check the digits after the 00',
    ],
    [
      'hello',
      undefined,
      'Phone number "hello" contains letters: write it with digits only, such as +1 415 555 0123',
    ],
    [
      '+1 (800) FLOWERS',
      undefined,
      'Phone number "+1 (800) FLOWERS" contains letters: write it with digits only, such as +1 415 555 0123',
    ],
    [
      '+1 212 555 0100 ext. 5',
      undefined,
      'Phone number "+1 212 555 0100 ext. 5" has an extension (5): a text message cannot reach an extension, remove it',
    ],
    [
      '++14155552671',
      undefined,
      'Phone number "++14155552671" is not a phone number: write it with digits, such as +1 415 555 0123',
    ],
    [
      '1'.repeat(65),
      undefined,
      'Phone number is too long (65 characters): a phone number has at most 15 digits',
    ],
  ] as const)('refuses %j (default %s): %s', (input, country, message) => {
    const error = errorOf(input, country);
    expect(error).toBeInstanceOf(FlowSmsError);
    expect(error.code).toBe('invalid_phone_number');
    expect(error.field).toBe('phoneNumber');
    expect(error.message).toBe(message);
    expect(() => normalizePhoneNumber(input, country)).toThrow(message);
  });

  it('names the country it checked against', () => {
    expect(errorOf('020 7946 095', 'GB').message).toMatch(/for GB/);
    expect(errorOf('(415) 555-26', 'US').message).toMatch(/too short for US/);
  });

  it('refuses an unknown default country, naming that field', () => {
    const error = errorOf('415 555 2671', 'XX' as CountryCode);
    expect(error.field).toBe('defaultCountry');
    expect(error.message).toBe(
      'Default country "XX" is not a known two-letter country code (such as US, GB, DE)',
    );
    expect(errorOf('415 555 2671', 'us' as CountryCode).field).toBe('defaultCountry');
  });

  it.each([[undefined], [null], [14155552671], [{}]])('refuses %j as input without a TypeError', (value) => {
    const result = tryNormalizePhoneNumber(value as unknown as string);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^Phone number must be text/);
  });

  it('always returns E.164, and normalising E.164 again changes nothing', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '0',
            '1',
            '2',
            '3',
            '4',
            '5',
            '6',
            '7',
            '8',
            '9',
            ' ',
            '-',
            '(',
            ')',
            '+',
            '.',
          ),
          maxLength: 24,
        }),
        fc.constantFrom<CountryCode | undefined>(undefined, 'US', 'GB', 'DE', 'FR', 'IN', 'BR'),
        (input, country) => {
          const result = tryNormalizePhoneNumber(input, country);
          if (!result.ok) {
            expect(result.error.code).toBe('invalid_phone_number');
            return;
          }
          expect(isE164(result.e164)).toBe(true);
          expect(normalizePhoneNumber(result.e164)).toBe(result.e164);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('isE164', () => {
  it.each([
    ['+14155552671', true],
    ['+442079460958', true],
    ['+123', true],
    ['14155552671', false],
    ['+1 415 555 2671', false],
    ['+0123456', false],
    ['+1234567890123456', false],
    ['', false],
    [14155552671, false],
    [undefined, false],
  ])('%j -> %s', (value, expected) => {
    expect(isE164(value)).toBe(expected);
  });
});
