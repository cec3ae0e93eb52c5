import { z } from 'zod';
import { messagingServiceSidSchema, phoneNumberSchema } from '../../core/schemas/sender';
import { accountSidSchema, apiKeySidSchema } from '../twilio/credentials';

const holdMsSchema = z.number().int().min(0).max(600_000).default(10_000);

/**
 * One injected fault. "before-accept" faults leave no message behind; "after-accept" ones store
 * the message and then misbehave, which is the case that must never lead to a second send.
 */
export const sandboxFaultSchema = z.discriminatedUnion('kind', [
  /** 429 with error 20429 and a Retry-After header. */
  z.object({
    kind: z.literal('rate-limit'),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  }),
  /** 500 and nothing stored. */
  z.object({ kind: z.literal('server-error-before-accept') }),
  /** The message is stored and will be delivered, but the API answers 500. */
  z.object({ kind: z.literal('server-error-after-accept') }),
  /** No answer for `holdMs` (or until the client gives up), then 504; nothing stored. */
  z.object({ kind: z.literal('timeout-before-accept'), holdMs: holdMsSchema }),
  /** The message is stored, then no answer for `holdMs` (or until the client gives up). */
  z.object({ kind: z.literal('timeout-after-accept'), holdMs: holdMsSchema }),
  /** The connection is cut before the request is read; nothing stored. */
  z.object({ kind: z.literal('reset-before-accept') }),
  /** The message is stored, then the connection is cut before the answer. */
  z.object({ kind: z.literal('reset-after-accept') }),
  /**
   * The connection is refused. Exact with the in-process (msw) adapter; the HTTP server can only
   * cut the connection once it has been accepted, which clients see as a reset.
   */
  z.object({ kind: z.literal('connection-refused') }),
  /** A Twilio error answer with this code (default HTTP 400); nothing stored. */
  z.object({
    kind: z.literal('error-code'),
    code: z.number().int().min(10000).max(99999),
    httpStatus: z.number().int().min(400).max(599).default(400),
    message: z.string().optional(),
  }),
  /** Accepted, then fails on the way to the handset with this code (e.g. 30034, 30007). */
  z.object({
    kind: z.literal('fail-after-accept'),
    code: z.number().int().min(10000).max(99999),
    status: z.enum(['failed', 'undelivered']).default('undelivered'),
  }),
]);
export type SandboxFault = z.output<typeof sandboxFaultSchema>;
export type SandboxFaultInput = z.input<typeof sandboxFaultSchema>;
export type SandboxFaultKind = SandboxFault['kind'];

export const faultRatesSchema = z
  .array(z.object({ fault: sandboxFaultSchema, rate: z.number().min(0).max(1) }))
  .refine(
    (entries) => entries.reduce((sum, e) => sum + e.rate, 0) <= 1 + 1e-9,
    'rates must add up to at most 1',
  );

const fn = <T>(what: string) => z.custom<T>((v) => typeof v === 'function', `must be a function ${what}`);

/**
 * Handles a signed webhook request in-process instead of over the network. A Response (or TwiML
 * text, for inbound messages) is read like an HTTP answer; anything else counts as a 200.
 */
export type WebhookHook = (request: Request) => unknown;

export const sandboxOptionsSchema = z.object({
  /** Defaults to a fresh random SID, so several sandboxes can share one process. */
  accountSid: accountSidSchema.optional(),
  /** Defaults to a fresh random token. */
  authToken: z.string().min(8, 'must be at least 8 characters').optional(),
  /** API keys (SK...) the sandbox accepts next to the auth token, with their secrets. */
  apiKeys: z.record(apiKeySidSchema, z.string().min(1)).optional(),
  /** Seeds fault rates; without it each sandbox draws differently. */
  seed: z.number().int().optional(),
  /**
   * The account's numbers. When given, `From` must be one of them (else 21606); when absent the
   * sandbox accepts any E.164 sender, which is what demos want.
   */
  numbers: z.array(phoneNumberSchema).optional(),
  /** Messaging Services and their sender pools. Unknown MG SIDs answer 21701 when this is given. */
  messagingServices: z.record(messagingServiceSidSchema, z.array(phoneNumberSchema).min(1)).optional(),
  lifecycle: z
    .object({
      /** `manual`: messages move only on `advance()` / `settle()` (tests); `timers`: on their own (demos). */
      mode: z.enum(['manual', 'timers']).default('manual'),
      sentAfterMs: z.number().int().min(0).default(1_000),
      deliveredAfterMs: z.number().int().min(0).default(3_000),
    })
    .refine((l) => l.deliveredAfterMs >= l.sentAfterMs, 'deliveredAfterMs must not be less than sentAfterMs')
    .default({ mode: 'manual', sentAfterMs: 1_000, deliveredAfterMs: 3_000 }),
  /** Wall clock the virtual clock starts from and runs with. */
  now: fn<() => Date>('returning a Date').optional(),
  /** Where inbound messages (`receiveReply`) are posted, and the URL they are signed for. */
  inboundUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Receives inbound webhook requests instead of `fetch`; returns the TwiML answer. */
  onInbound: fn<WebhookHook>('(request) => Response | string').optional(),
  /** Receives status callback requests instead of `fetch`. */
  onStatusCallback: fn<WebhookHook>('(request) => Response | void').optional(),
  /** Used to deliver webhooks when no hook is given; defaults to the global fetch. */
  fetch: fn<typeof fetch>('like fetch').optional(),
  /** Twilio's Advanced Opt-Out: after STOP from a recipient, sends to them answer 21610. */
  carrierOptOut: z.boolean().default(true),
  pricePerSegment: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .default('-0.00790'),
  priceUnit: z.string().length(3).default('USD'),
});
export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type SandboxConfig = z.output<typeof sandboxOptionsSchema>;

export type SandboxMessageStatus =
  | 'accepted'
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'received';

/** Twilio's direction values: API sends, replies given as TwiML, and messages texted to us. */
export type SandboxDirection = 'outbound-api' | 'outbound-reply' | 'inbound';

export interface SandboxMessage {
  sid: string;
  accountSid: string;
  direction: SandboxDirection;
  to: string;
  /** Null only while a Messaging Service has not picked a sender; the sandbox picks at once. */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: SandboxMessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  segments: number;
  price: string | null;
  priceUnit: string;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  history: Array<{ status: SandboxMessageStatus; at: Date; errorCode: number | null }>;
}

/** One webhook request the sandbox made, with what came back. */
export interface SandboxWebhookDelivery {
  kind: 'status' | 'inbound';
  url: string;
  params: Record<string, string>;
  signature: string;
  /** HTTP status of the answer; null when the request failed. */
  responseStatus: number | null;
  /** Why Twilio would log the webhook as failed: no answer, or one that is not 2xx (11200). */
  error: string | null;
}
