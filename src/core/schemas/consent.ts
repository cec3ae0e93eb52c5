import { z } from 'zod';
import { variablePathSchema } from './input-source';

const phrasesSchema = z
  .array(z.string().trim().min(1, 'must not be empty'))
  .min(1, 'needs at least one phrase');

/** The question a new or migrated 'ask' consent starts with, read to the caller. */
export const DEFAULT_CALL_QUESTION = 'May I send you a text message with the details?';

/** Limits of the consent settings, for the schema and for the inspector's number fields. */
export const CONSENT_RETRIES_MAX = 5;
export const SMS_REPLY_TIMEOUT_MIN_SECONDS = 10;
export const SMS_REPLY_TIMEOUT_MAX_SECONDS = 7 * 24 * 3600;

/**
 * How the node makes sure the recipient agreed to get this message (TCPA/CTIA).
 * Each mode is its own shape, so a mode can never carry another mode's settings.
 */
export const consentSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('not-required'),
    /** Why no consent is needed, e.g. "the caller asked for the link"; kept as evidence. */
    reason: z.string().trim().min(1, 'must say why no consent is needed'),
  }),
  z.object({
    mode: z.literal('variable'),
    /** A boolean-like variable set upstream (true/yes/1 means consent given). */
    path: variablePathSchema,
  }),
  z
    .object({
      mode: z.literal('ask'),
      question: z.string().trim().min(1, 'must not be empty'),
      yes: phrasesSchema.default(['yes', 'yeah', 'sure', 'ok', 'please do']),
      no: phrasesSchema.default(['no', 'nope', "don't", 'no thanks']),
      retries: z
        .number()
        .int('must be a whole number')
        .min(0, 'must be 0 or more')
        .max(
          CONSENT_RETRIES_MAX,
          `must be at most ${CONSENT_RETRIES_MAX}: a caller asked more often hangs up`,
        )
        .default(1),
    })
    .check((context) => {
      // The host hears one answer and gets both lists: a phrase in both could turn a "no" into consent.
      const { yes, no } = context.value;
      for (const [field, list, others, otherName] of [
        ['yes', yes, no, 'no'],
        ['no', no, yes, 'yes'],
      ] as const) {
        const taken = new Set(others.map((phrase) => phrase.toLowerCase()));
        const shared = list.find((phrase) => taken.has(phrase.toLowerCase()));
        if (shared === undefined) continue;
        context.issues.push({
          code: 'custom',
          input: list,
          path: [field],
          message: `"${shared}" is also a phrase meaning ${otherName}: a phrase can mean only one answer, so remove it from one list`,
        });
      }
    }),
  z.object({
    mode: z.literal('sms-reply'),
    question: z.string().trim().min(1, 'must not be empty'),
    timeoutSeconds: z
      .number()
      .int()
      .min(SMS_REPLY_TIMEOUT_MIN_SECONDS, `must be at least ${SMS_REPLY_TIMEOUT_MIN_SECONDS} seconds`)
      .max(SMS_REPLY_TIMEOUT_MAX_SECONDS, 'must be at most 7 days')
      .default(300),
  }),
]);
export type Consent = z.infer<typeof consentSchema>;
export type ConsentMode = Consent['mode'];
export const CONSENT_MODES = [
  'not-required',
  'variable',
  'ask',
  'sms-reply',
] as const satisfies readonly ConsentMode[];

/** Reply words that count as a yes/no to an `sms-reply` consent question. */
export const SMS_REPLY_YES = ['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'sure'] as const;
export const SMS_REPLY_NO = ['no', 'n', 'nope', 'nah'] as const;
