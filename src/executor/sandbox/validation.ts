import { TWILIO_BODY_MAX } from '../../core/limits';
import { E164_PATTERN, MESSAGING_SERVICE_SID_PATTERN } from '../../core/schemas/sender';
import { exceedsTwilioBodyLimit } from '../../core/segments/body-limit';
import { REJECTED_RECIPIENTS, REJECTED_SENDERS } from './magic-numbers';

export interface ValidSend {
  ok: true;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

export interface RefusedSend {
  ok: false;
  httpStatus: number;
  code: number;
  message: string;
}

export interface SenderDirectory {
  /** The account's numbers; undefined means "accept any valid sender". */
  numbers: readonly string[] | undefined;
  /** Messaging Services and their pools; undefined means "accept any well-formed MG SID". */
  services: Readonly<Record<string, readonly string[]>> | undefined;
}

// A short code (digits only) or an alphanumeric sender ID (up to 11 letters, digits and spaces,
// at least one letter): the other sender forms Twilio accepts besides E.164.
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

const refuse = (code: number, message: string, httpStatus = 400): RefusedSend => ({
  ok: false,
  httpStatus,
  code,
  message,
});

/**
 * Checks a Messages.json POST the way Twilio does, in Twilio's order: missing parameters first,
 * then malformed ones, then the test numbers that always fail.
 */
export function checkSendParams(form: URLSearchParams, directory: SenderDirectory): ValidSend | RefusedSend {
  const to = form.get('To')?.trim() ?? '';
  const from = form.get('From')?.trim() || null;
  const service = form.get('MessagingServiceSid')?.trim() || null;
  const body = form.get('Body') ?? '';
  const statusCallback = form.get('StatusCallback')?.trim() || null;

  if (to === '') return refuse(21604, "A 'To' phone number is required.");
  if (from === null && service === null) {
    return refuse(21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
  }
  if (body === '' && !form.has('MediaUrl')) return refuse(21602, 'Message body is required.');
  if (!E164_PATTERN.test(to)) return refuse(21211, `The 'To' number ${to} is not a valid phone number.`);
  const rejectedRecipient = REJECTED_RECIPIENTS[to];
  if (rejectedRecipient) return refuse(rejectedRecipient.code, rejectedRecipient.message(to));

  if (service !== null) {
    if (!MESSAGING_SERVICE_SID_PATTERN.test(service)) {
      return refuse(21705, `The Messaging Service Sid ${service} is invalid.`);
    }
    if (directory.services && !directory.services[service]) {
      return refuse(21701, `The Messaging Service Sid ${service} does not exist.`, 404);
    }
  }
  if (from !== null) {
    const rejectedSender = REJECTED_SENDERS[from];
    if (rejectedSender) return refuse(rejectedSender.code, rejectedSender.message(from));
    const wellFormed = E164_PATTERN.test(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER.test(from);
    if (!wellFormed) {
      return refuse(
        21212,
        `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
      );
    }
    const pool = service !== null ? directory.services?.[service] : directory.numbers;
    if (pool && E164_PATTERN.test(from) && !pool.includes(from)) {
      return refuse(
        21606,
        `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination/account.`,
      );
    }
  }
  if (exceedsTwilioBodyLimit(body)) {
    return refuse(21617, `The concatenated message body exceeds the ${TWILIO_BODY_MAX} character limit.`);
  }
  if (statusCallback !== null && !(/^https?:\/\//i.test(statusCallback) && URL.canParse(statusCallback))) {
    return refuse(21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  }
  return { ok: true, to, from, messagingServiceSid: service, body, statusCallback };
}
