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

/** Who a message is sent from: an E.164 phone number or a Twilio Messaging Service SID. */
export const senderSchema = z
  .string()
  .trim()
  .refine(
    (value) => E164_PATTERN.test(value) || MESSAGING_SERVICE_SID_PATTERN.test(value),
    "must be an E.164 phone number (+14155550123) or a Messaging Service SID ('MG' + 32 hex characters)",
  );
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
