import { z } from 'zod';
import { environmentSchema } from '../../core/environments';
import { optionsObject } from '../../core/schemas/options-object';
import { sendersSchema } from '../../core/schemas/sender';
import { type SmsTemplate, smsTemplateSchema } from '../../core/schemas/template';
import type { Outbox } from '../outbox/types';
import type { FlowSmsStore } from '../store/store';
import type { SmsTransport } from '../transport/types';
import { publicBaseUrlSchema } from '../webhooks/public-url';
import type { Clock } from './clock';
import type { Logger } from './logger';

/** What the host's `askConsent` hook is given: the node's question and the phrases that count. */
export interface AskConsentRequest {
  question: string;
  yes: string[];
  no: string[];
  retries: number;
  runId: string;
  nodeId: string;
  variables: Readonly<Record<string, unknown>>;
}

export const askConsentAnswerSchema = z.object({
  answer: z.enum(['yes', 'no', 'no-answer']),
  /** What the caller said, kept as consent evidence. */
  utterance: z.string().nullish(),
});
export type AskConsentAnswer = z.input<typeof askConsentAnswerSchema>;
export type AskConsent = (request: AskConsentRequest) => Promise<AskConsentAnswer> | AskConsentAnswer;

/** Takes `segments` from a sender's budget, waiting as long as needed (see src/executor/rate-limiter.ts). */
export interface RateLimiter {
  acquire(sender: string, segments: number): Promise<unknown>;
}

export type TemplateLookup = (id: string) => SmsTemplate | undefined | Promise<SmsTemplate | undefined>;

export const retryPolicySchema = z.object({
  /** Requests per message, first one included, before giving up on errors that cannot have sent anything. */
  maxAttempts: z.number().int().min(1).max(20).default(4),
  /** Back-off before the n-th retry: base * 2^(n-1), at most `maxDelayMs`, unless Twilio says when (Retry-After). */
  baseDelayMs: z.number().int().min(0).default(1_000),
  maxDelayMs: z.number().int().min(0).default(30_000),
  /** Wait after an ambiguous outcome before looking the message up, so Twilio has it listed. */
  reconcileDelayMs: z.number().int().min(0).default(2_000),
  /** How far before the first request the lookup searches (clock skew between us and Twilio). */
  reconcileWindowMs: z
    .number()
    .int()
    .min(0)
    .default(5 * 60_000),
});
export type RetryPolicy = z.output<typeof retryPolicySchema>;

const fn = <T>(what: string) => z.custom<T>((value) => typeof value === 'function', `must be ${what}`);
const withMethods = <T>(methods: string[], what: string) =>
  z.custom<T>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      methods.every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
    `must be ${what} (with ${methods.join(', ')})`,
  );

/** Strict: a misspelt option (`statusCallbackUrl`) is refused rather than leaving its feature off. */
export const executorOptionsSchema = optionsObject({
  transport: withMethods<SmsTransport>(['send', 'fetchMessage', 'listMessages'], 'an SMS transport'),
  store: withMethods<FlowSmsStore>(
    ['createMessage', 'isOptedOut', 'messageByKey'],
    'a flow-sms store (openStore)',
  ),
  /** Defaults to the SQLite outbox in the store's file. */
  outbox: withMethods<Outbox>(['enqueue', 'claim', 'markSending'], 'an outbox').optional(),
  environment: environmentSchema,
  templates: z
    .union([z.array(smsTemplateSchema), fn<TemplateLookup>('a list of templates or a lookup function')])
    .default([]),
  /** The sender per environment for messages written inline in the node (no template). */
  defaultSenders: sendersSchema.partial().default({}),
  clock: withMethods<Clock>(['now', 'sleep'], 'a clock').optional(),
  askConsent: fn<AskConsent>('a function').optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null, 'must be a logger object')
    .optional(),
  /** Public base URL of the webhook server; when set, each message asks Twilio for status callbacks there. */
  statusCallbackBaseUrl: publicBaseUrlSchema.optional(),
  retry: retryPolicySchema.default(retryPolicySchema.parse({})),
  rateLimiter: withMethods<RateLimiter>(['acquire'], 'a rate limiter').optional(),
  /** ISO country for recipients written without a country code, e.g. 'US'. */
  defaultCountry: z.string().length(2).toUpperCase().optional(),
  /** How long a holder may work on an outbox entry before another may take it over. */
  leaseMs: z.number().int().min(1_000).default(60_000),
  /** How often waits (for a worker's result, for an SMS reply) look at the store again. */
  pollIntervalMs: z.number().int().min(1).default(1_000),
  /** How long `execute` waits for a message another holder is working on before reporting it pending. */
  maxWaitMs: z
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  /** Names this executor's outbox leases; unique per process by default. */
  ownerId: z.string().min(1).optional(),
});
export type SendSmsExecutorOptions = z.input<typeof executorOptionsSchema>;
export type ResolvedExecutorOptions = z.output<typeof executorOptionsSchema>;

export const executionContextSchema = z.object({
  runId: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  nodeId: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  variables: z.record(z.string(), z.unknown()).default({}),
  /** The caller's number, used when the recipient is the default `call.caller_number` and the variable is not set. */
  callerNumber: z.string().trim().min(1).optional(),
});
export type ExecutionContext = z.input<typeof executionContextSchema>;
