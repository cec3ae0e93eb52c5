// The default entry of libphonenumber-js carries the 'min' metadata (lengths and leading digits per
// country, no number-type patterns), which keeps the browser bundle small and is enough to tell a
// number that can receive a text from one that cannot exist.
import {
  type CountryCode,
  isSupportedCountry,
  ParseError,
  type PhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js';
import { FlowSmsError } from './errors';
import { E164_PATTERN } from './schemas/sender';

export type { CountryCode } from 'libphonenumber-js';

const EXAMPLE = '+1 415 555 0123';
const MAX_WRITTEN_LENGTH = 64;

/** True when `value` already is an E.164 phone number (`+`, country code, up to 15 digits). */
export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164_PATTERN.test(value);
}

/**
 * Turns a phone number as a person writes it ("(415) 555-0123", "+44 20 7946 0958",
 * "0044 20 7946 0958") into E.164 ("+14155550123"). `defaultCountry` (ISO 3166 code such as 'US')
 * applies to numbers written without a country code. Throws `invalid_phone_number` with a reason the
 * builder can act on.
 */
export function normalizePhoneNumber(input: string, defaultCountry?: CountryCode): string {
  if (typeof input !== 'string') {
    throw invalid(`Phone number must be text (got ${input === null ? 'null' : typeof input})`);
  }
  const country = checkCountry(defaultCountry);
  // NFKC turns the fullwidth digits and plus sign of East Asian keyboards ("＋８１ ９０…") into ASCII.
  const written = input.normalize('NFKC').trim().replace(/^tel:/i, '');
  const quoted = JSON.stringify(input.trim());
  if (written === '') throw invalid('Phone number is empty');
  // No real number, even with spaces, dashes and an extension, comes near this; refusing early keeps
  // the parser's work bounded on hostile input.
  if (written.length > MAX_WRITTEN_LENGTH) {
    throw invalid(
      `Phone number is too long (${written.length} characters): a phone number has at most 15 digits`,
    );
  }
  if (/[a-z]/i.test(written.replace(/(?:ext\.?|x|#)\s*\d+$/i, ''))) {
    throw invalid(`Phone number ${quoted} contains letters: write it with digits only, such as ${EXAMPLE}`);
  }

  // 00 is how most of the world dials out; with no country to tell libphonenumber so, it cannot
  // read it, so it stands for the + it means. With a country, libphonenumber knows that country's
  // own prefix; where that is not 00 (011 in the US and Canada), a number written with 00 is read
  // as dialled from abroad when it is no valid number of that country (none there starts with 00).
  const international = /^00\s*[1-9]/.test(written) ? written.replace(/^00/, '+') : undefined;
  let parsed = parseOrReason(country === undefined ? (international ?? written) : written, country);
  if (country !== undefined && international !== undefined && !isValidNumber(parsed)) {
    const abroad = parseOrReason(international, undefined);
    if (isValidNumber(abroad)) parsed = abroad;
  }
  if (parsed instanceof ParseError)
    throw invalid(`Phone number ${quoted} ${reasonFor(parsed.message, written)}`);

  if (parsed.ext) {
    throw invalid(
      `Phone number ${quoted} has an extension (${parsed.ext}): a text message cannot reach an extension, ` +
        'remove it',
    );
  }
  const where = parsed.country ?? `country code +${parsed.countryCallingCode}`;
  if (!parsed.isPossible()) {
    throw invalid(`Phone number ${quoted} ${lengthProblem(written, country)} for ${where}`);
  }
  if (!parsed.isValid()) {
    throw invalid(`Phone number ${quoted} is not a valid number for ${where}: check the digits`);
  }
  return parsed.number;
}

export type PhoneNumberResult = { ok: true; e164: string } | { ok: false; error: FlowSmsError };

/** `normalizePhoneNumber` without throwing: for forms that show the reason next to the field. */
export function tryNormalizePhoneNumber(input: string, defaultCountry?: CountryCode): PhoneNumberResult {
  try {
    return { ok: true, e164: normalizePhoneNumber(input, defaultCountry) };
  } catch (error) {
    if (error instanceof FlowSmsError) return { ok: false, error };
    throw error;
  }
}

function parseOrReason(text: string, country: CountryCode | undefined): PhoneNumber | ParseError {
  try {
    return parsePhoneNumberWithError(text, country);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
}

function isValidNumber(parsed: PhoneNumber | ParseError): parsed is PhoneNumber {
  return !(parsed instanceof ParseError) && parsed.isValid();
}

function invalid(message: string, field = 'phoneNumber'): FlowSmsError {
  return new FlowSmsError('invalid_phone_number', message, field);
}

function checkCountry(country: unknown): CountryCode | undefined {
  if (country === undefined) return undefined;
  if (typeof country === 'string' && isSupportedCountry(country)) return country;
  throw unknownCountry(country);
}

/**
 * A default country as a person types it ("us", " GB"), as the ISO code libphonenumber knows;
 * throws `invalid_phone_number` on the `defaultCountry` field for anything else.
 */
export function parseCountryCode(country: unknown): CountryCode {
  const code = typeof country === 'string' ? country.trim().toUpperCase() : '';
  if (isSupportedCountry(code)) return code;
  throw unknownCountry(country);
}

function unknownCountry(country: unknown): FlowSmsError {
  return invalid(
    `Default country ${JSON.stringify(country)} is not a known two-letter country code (such as US, GB, DE)`,
    'defaultCountry',
  );
}

function reasonFor(code: string, written: string): string {
  switch (code) {
    case 'INVALID_COUNTRY':
      return /^(?:\+|00)/.test(written)
        ? `starts with a country code that does not exist: check the digits after the ${written.startsWith('+') ? '+' : '00'}`
        : `has no country code: write it as ${EXAMPLE} (with + and the country code) or choose a default country`;
    case 'TOO_SHORT':
      return 'is too short';
    case 'TOO_LONG':
      return 'is too long: a phone number has at most 15 digits';
    default:
      return `is not a phone number: write it with digits, such as ${EXAMPLE}`;
  }
}

function lengthProblem(written: string, country?: CountryCode): string {
  switch (validatePhoneNumberLength(written, country)) {
    case 'TOO_SHORT':
      return 'is too short';
    case 'TOO_LONG':
      return 'is too long';
    default:
      return 'has the wrong number of digits';
  }
}

/**
 * What is wrong with a number typed into the node, as the executor will read it: spaces around it
 * are trimmed; it must be written in E.164, and be a number that exists (the executor refuses to
 * text "+11234567890" at every run, though it has the E.164 shape).
 */
export function fixedPhoneNumberProblem(value: string, what: string): string | undefined {
  const number = value.trim();
  if (!E164_PATTERN.test(number)) {
    return `${what} "${value}" is not a phone number in E.164 form: write it with + and the country code, such as +14155550123.`;
  }
  const checked = tryNormalizePhoneNumber(number);
  if (checked.ok) return undefined;
  // The reason starts with 'Phone number "…"', which names the number already.
  return `${what} ${checked.error.message.replace(/^Phone number /, '')}.`;
}
