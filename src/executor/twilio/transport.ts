import twilio from 'twilio';
import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { isMessagingServiceSid, phoneNumberSchema } from '../../core/schemas/sender';
import type { OutboundMessage, RemoteMessage, SendOutcome, SmsTransport } from '../transport/types';
import {
  basicAuthOf,
  redactedCredentials,
  scrubSecrets,
  secretsOf,
  twilioCredentialsSchema,
  withRedactedPrinting,
} from './credentials';
import { RoutingRequestClient, withHttpExchange } from './http-client';
import { outcomeOfSendError } from './outcome';

const MESSAGE_SID_PATTERN = /^(SM|MM)[0-9a-fA-F]{32}$/;
const DAY_MS = 86_400_000;

const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const twilioTransportOptionsSchema = z.object({
  credentials: twilioCredentialsSchema,
  /**
   * Send the API calls to this Twilio-compatible server (for example the sandbox's HTTP server at
   * http://127.0.0.1:4010) instead of https://api.twilio.com. Paths stay Twilio's.
   */
  baseUrl: httpUrlSchema.optional(),
  /** Give up on a request after this long; a send that times out is reported as `unknown`. */
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  /**
   * `listMessages` also returns messages created up to this long before `since`, because
   * Twilio's clock and ours differ: missing a message there means sending it twice.
   */
  clockSkewMs: z.number().int().min(0).max(DAY_MS).default(60_000),
  /** Most messages `listMessages` returns. */
  listLimit: z.number().int().min(1).max(10_000).default(200),
  kind: z.enum(['twilio', 'sandbox']).default('twilio'),
});
export type TwilioTransportOptions = z.input<typeof twilioTransportOptionsSchema>;

export interface TwilioTransport extends SmsTransport {
  readonly accountSid: string;
  /** Where API calls go; null for Twilio itself. */
  readonly baseUrl: string | null;
}

const outboundMessageSchema = z.object({
  to: z.string({ error: 'must be a string (the recipient in E.164 form)' }),
  from: z
    .string({ error: 'must be a string (a phone number or MG... SID)' })
    .trim()
    .min(1, 'must not be empty'),
  body: z.string({ error: 'must be a string' }),
  statusCallback: httpUrlSchema.optional(),
});

const listQuerySchema = z.object({
  to: phoneNumberSchema,
  from: z.string().trim().min(1).optional(),
  since: z
    .date({ error: 'must be a Date' })
    .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid Date'),
});

/**
 * The Twilio transport: sends through the official SDK's `messages.create` and reports each
 * attempt as a SendOutcome the executor can act on without guessing (see outcomeOfSendError).
 * The SDK's own retries are off: whether to retry is the executor's decision.
 */
export function createTwilioTransport(options: TwilioTransportOptions): TwilioTransport {
  const config = parseOrThrow(twilioTransportOptionsSchema, options, 'Twilio transport options');
  const { credentials } = config;
  const secrets = secretsOf(credentials);
  const auth = basicAuthOf(credentials);
  const client = twilio(auth.username, auth.password, {
    accountSid: credentials.accountSid,
    httpClient: new RoutingRequestClient(config.baseUrl ?? null, config.timeoutMs),
    autoRetry: false,
  });

  const lookupError = (what: string, error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    return new FlowSmsError('twilio_lookup_failed', scrubSecrets(`Could not ${what}: ${detail}`, secrets));
  };

  const transport: TwilioTransport = {
    kind: config.kind,
    accountSid: credentials.accountSid,
    baseUrl: config.baseUrl ?? null,

    async send(message: OutboundMessage): Promise<SendOutcome> {
      const input = parseOrThrow(outboundMessageSchema, message, 'outbound message');
      const sender = isMessagingServiceSid(input.from)
        ? { messagingServiceSid: input.from }
        : { from: input.from };
      const result = await withHttpExchange(() =>
        client.messages.create({
          to: input.to,
          body: input.body,
          ...sender,
          ...(input.statusCallback === undefined ? {} : { statusCallback: input.statusCallback }),
        }),
      );
      if (!result.ok) return outcomeOfSendError(result.error, result.exchange, secrets);
      const created = result.value;
      return {
        kind: 'accepted',
        sid: created.sid,
        status: created.status,
        from: created.from ?? null,
        segments: segmentsOf(created.numSegments),
        price: created.price ?? null,
        priceUnit: created.priceUnit ?? null,
      };
    },

    async fetchMessage(sid: string): Promise<RemoteMessage | null> {
      if (typeof sid !== 'string' || !MESSAGE_SID_PATTERN.test(sid)) {
        throw new FlowSmsError(
          'invalid_input',
          "sid must be a message SID: 'SM' and 32 hex characters",
          'sid',
        );
      }
      const result = await withHttpExchange(() => client.messages(sid).fetch());
      if (result.ok) return remoteMessageOf(result.value);
      if ((result.error as { status?: unknown })?.status === 404) return null;
      throw lookupError(`fetch message ${sid}`, result.error);
    },

    async listMessages(query): Promise<RemoteMessage[]> {
      const input = parseOrThrow(listQuerySchema, query, 'message list query');
      const earliest = input.since.getTime() - config.clockSkewMs;
      // Twilio filters DateSent by day (GMT); the exact cut happens below, on date_created.
      const dayStart = new Date(Math.floor(earliest / DAY_MS) * DAY_MS);
      const filterFrom =
        input.from !== undefined && !isMessagingServiceSid(input.from) ? input.from : undefined;
      const result = await withHttpExchange(() =>
        client.messages.list({
          to: input.to,
          ...(filterFrom === undefined ? {} : { from: filterFrom }),
          dateSentAfter: dayStart,
          limit: config.listLimit,
          pageSize: Math.min(config.listLimit, 1000),
        }),
      );
      if (!result.ok) throw lookupError(`list messages to ${input.to}`, result.error);
      return result.value
        .map(remoteMessageOf)
        .filter((m) => m.dateCreated === null || m.dateCreated.getTime() >= earliest);
    },
  };

  return withRedactedPrinting(transport, () => ({
    kind: transport.kind,
    baseUrl: transport.baseUrl,
    credentials: redactedCredentials(credentials),
  }));
}

/** The fields of the SDK's MessageInstance read here, with the nulls Twilio really sends (its types say never). */
interface SdkMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  status: string;
  errorCode: number | null;
  numSegments: string | null;
  dateCreated: Date | null;
}

function remoteMessageOf(message: SdkMessage): RemoteMessage {
  return {
    sid: message.sid,
    to: message.to,
    from: message.from ?? null,
    body: message.body ?? '',
    status: message.status,
    errorCode:
      typeof message.errorCode === 'number' && !Number.isNaN(message.errorCode) ? message.errorCode : null,
    segments: segmentsOf(message.numSegments),
    dateCreated:
      message.dateCreated instanceof Date && !Number.isNaN(message.dateCreated.getTime())
        ? message.dateCreated
        : null,
  };
}

// Twilio sends num_segments as a string; a Messaging Service reports "0" until it picks a sender.
function segmentsOf(value: string | number | null | undefined): number {
  const parsed = typeof value === 'number' ? value : Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : 0;
}
