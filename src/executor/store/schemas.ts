import { z } from 'zod';
import { environmentSchema } from '../../core/environments';
import { SEND_SMS_BRANCHES } from '../../core/schemas/send-sms-node';

export const nonEmptyString = z.string().trim().min(1, 'must not be empty');
const nonEmpty = nonEmptyString;
export const dateSchema = z.date({ error: 'must be a Date' }).refine((d) => !Number.isNaN(d.getTime()), {
  message: 'must be a valid Date',
});

/** What a commit must survive before the store reports it done (see openDatabase). */
export const durabilitySchema = z.enum(['power-loss', 'process-crash'], {
  error:
    "must be 'power-loss' (survives a power cut; the default) or 'process-crash' (survives a killed process)",
});
export type Durability = z.infer<typeof durabilitySchema>;

export const optOutEventSchema = z.object({
  environment: environmentSchema,
  recipient: nonEmpty,
  sender: nonEmpty,
  at: dateSchema,
  source: nonEmpty,
});

export const optOutKeySchema = optOutEventSchema.pick({ environment: true, recipient: true, sender: true });

export const inboundInputSchema = z.object({
  from: nonEmpty,
  to: nonEmpty,
  body: z.string(),
  at: dateSchema,
  environment: environmentSchema.optional(),
});
export type InboundInput = z.input<typeof inboundInputSchema>;

export const statusUpdateSchema = z.object({
  sid: nonEmpty,
  status: z.string().trim().toLowerCase().min(1, 'must not be empty'),
  errorCode: z.union([z.number().int(), z.string(), z.null()]).optional(),
  at: dateSchema,
});

/**
 * What the run knew when it decided the recipient agreed (or did not): kept with the message
 * as the record a TCPA/CTIA audit asks for.
 */
export const consentEvidenceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('not-required'), reason: z.string() }),
  z.object({ mode: z.literal('variable'), path: z.string(), value: z.unknown() }),
  z.object({
    mode: z.literal('ask'),
    question: z.string(),
    answer: z.enum(['yes', 'no', 'no-answer']),
    utterance: z.string().nullable(),
  }),
  z.object({
    mode: z.literal('sms-reply'),
    question: z.string(),
    questionMessageId: z.string().nullable(),
    answer: z.enum(['yes', 'no', 'no-answer']),
    reply: z.string().nullable(),
    repliedAt: z.string().nullable(),
  }),
]);
export type ConsentEvidence = z.infer<typeof consentEvidenceSchema>;

export const messagePurposeSchema = z.enum(['message', 'consent-question']);
export type MessagePurpose = z.infer<typeof messagePurposeSchema>;
export const outcomeSchema = z.enum(SEND_SMS_BRANCHES);

export const errorInfoSchema = z.object({
  code: z.union([z.string().min(1), z.number().int()]),
  message: z.string().min(1),
  hint: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export const newMessageSchema = z.object({
  id: nonEmpty.optional(),
  idempotencyKey: nonEmpty,
  purpose: messagePurposeSchema.default('message'),
  environment: environmentSchema,
  runId: nonEmpty,
  nodeId: nonEmpty,
  recipientInput: z.string().nullable().default(null),
  to: z.string().nullable().default(null),
  from: z.string().nullable().default(null),
  body: z.string().nullable().default(null),
  segments: z.number().int().min(0).nullable().default(null),
  encoding: z.enum(['GSM-7', 'UCS-2']).nullable().default(null),
  statusCallback: z.string().nullable().default(null),
  consent: consentEvidenceSchema.nullable().default(null),
  consentAt: dateSchema.nullable().default(null),
  /**
   * For an `sms-reply` consent question: until when a YES or NO from the recipient answers it. A
   * webhook process that is not the one waiting reads it to tell such a YES from a START.
   */
  replyBy: dateSchema.nullable().default(null),
  /** Set for a run that ends before anything is sent (declined, opted out, failed): written in one step. */
  result: z
    .object({ outcome: outcomeSchema.exclude(['sent']), error: errorInfoSchema.nullable().default(null) })
    .optional(),
  at: dateSchema,
});
export type NewMessage = z.input<typeof newMessageSchema>;

export const messageFilterSchema = z
  .object({
    environment: environmentSchema.optional(),
    runId: z.string().optional(),
    purpose: messagePurposeSchema.optional(),
    since: dateSchema.optional(),
  })
  .default({});
export type MessageFilter = z.input<typeof messageFilterSchema>;
