import type { CountryCode } from '../../core/phone';
import { tryNormalizePhoneNumber } from '../../core/phone';
import type { InputSource } from '../../core/schemas/input-source';
import { isEmptyValue } from '../../core/schemas/input-source';
import { CALLER_NUMBER_PATH } from '../../core/schemas/send-sms-node';
import type { ErrorInfo } from '../store/schemas';
import { readVariable } from './variables';

export type RecipientResolution =
  | { ok: true; e164: string; given: string }
  | { ok: false; given: string | null; error: ErrorInfo };

function describeSource(source: InputSource): string {
  return source.kind === 'fixed' ? 'the fixed recipient' : `variable ${source.path}`;
}

/** The recipient in E.164, or an `invalid_recipient` error that says what was given and where from. */
export function resolveRecipient(
  source: InputSource,
  variables: Readonly<Record<string, unknown>>,
  callerNumber: string | undefined,
  defaultCountry: CountryCode | undefined,
): RecipientResolution {
  let value: unknown;
  if (source.kind === 'fixed') {
    value = source.value;
  } else {
    value = readVariable(variables, source.path);
    if (isEmptyValue(value) && source.path === CALLER_NUMBER_PATH) value = callerNumber;
    if (isEmptyValue(value) && source.fallback !== undefined) value = source.fallback;
  }
  if (isEmptyValue(value)) {
    return {
      ok: false,
      given: null,
      error: {
        code: 'invalid_recipient',
        message: `No recipient: ${describeSource(source)} has no value. Set it before this node, or map the recipient to another variable.`,
      },
    };
  }
  const given = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : null;
  if (given === null) {
    return {
      ok: false,
      given: null,
      error: {
        code: 'invalid_recipient',
        message: `The recipient from ${describeSource(source)} is a ${Array.isArray(value) ? 'list' : typeof value}, not a phone number.`,
      },
    };
  }
  const normalized = tryNormalizePhoneNumber(given, defaultCountry);
  if (normalized.ok) return { ok: true, e164: normalized.e164, given };
  return {
    ok: false,
    given,
    error: {
      code: 'invalid_recipient',
      message: `The recipient ${JSON.stringify(given)} from ${describeSource(source)} is not a phone number Twilio can text: ${normalized.error.message}`,
    },
  };
}
