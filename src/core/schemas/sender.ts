import { z } from 'zod';

/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9][0-9]{1,14}$/;
/** A Twilio Messaging Service SID: `MG` followed by 32 hexadecimal characters. */
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/;

export const phoneNumberSchema = z
  .string()
  .regex(E164_PATTERN, 'must be a phone number in E.164 form, such as +14155550123');

export const messagingServiceSidSchema = z
  .string()
  .regex(MESSAGING_SERVICE_SID_PATTERN, "must be a Messaging Service SID: 'MG' and 32 hex characters");

const SENDER_FORMS =
  "an E.164 phone number (+14155550123) or a Messaging Service SID ('MG' + 32 hex characters)";

/** Other Twilio SIDs that get pasted where a sender goes, by prefix. */
const OTHER_SIDS: Readonly<Record<string, string>> = {
  AC: 'an Account SID',
  PN: "a phone number's SID",
  SK: 'an API key SID',
  SM: 'a message SID',
  MM: 'a message SID',
  CA: 'a call SID',
  AP: 'an application SID',
};

/** What is wrong with a sender that is neither form, said so the builder can fix it. */
function senderProblem(value: string): string | undefined {
  if (E164_PATTERN.test(value) || MESSAGING_SERVICE_SID_PATTERN.test(value)) return undefined;
  if (/^mg/i.test(value)) {
    const rest = value.slice(2);
    const notHex = /[^0-9a-fA-F]/.exec(rest)?.[0];
    if (!value.startsWith('MG')) return "must start with a capital 'MG' to be a Messaging Service SID";
    if (notHex !== undefined)
      return `is not a Messaging Service SID: "${notHex}" is not a hex character (0-9, a-f)`;
    return `is not a Messaging Service SID: it has ${rest.length} characters after 'MG', where a SID has 32`;
  }
  const other = /^([A-Z]{2})[0-9a-fA-F]{32}$/.exec(value)?.[1];
  if (other !== undefined && OTHER_SIDS[other] !== undefined) {
    return `is ${OTHER_SIDS[other]}, not a sender: use ${SENDER_FORMS}`;
  }
  const digits = value.replace(/[\s().-]/g, '');
  if (digits !== value && E164_PATTERN.test(digits)) {
    return `must be written without spaces or punctuation: ${digits}`;
  }
  if (/^[\d\s().-]+$/.test(value) && /\d/.test(value)) {
    return 'must be an E.164 phone number, starting with + and the country code: +14155550123 (+1 for the US and Canada)';
  }
  return `must be ${SENDER_FORMS}`;
}

/** Who a message is sent from: an E.164 phone number or a Twilio Messaging Service SID. */
export const senderSchema = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const problem = senderProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
export type Sender = z.infer<typeof senderSchema>;

export function isMessagingServiceSid(sender: string): boolean {
  return MESSAGING_SERVICE_SID_PATTERN.test(sender);
}

/** One sender per environment; `live` is required, the others fall back to nothing (no send). */
export const sendersSchema = z.object({
  live: senderSchema,
  sandbox: senderSchema.optional(),
  preRelease: senderSchema.optional(),
});
export type Senders = z.infer<typeof sendersSchema>;
