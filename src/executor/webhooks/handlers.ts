import { z } from 'zod';
import { environmentSchema } from '../../core/environments';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import type { Logger } from '../executor/logger';
import {
  type ConsentReplyReceiver,
  DEFAULT_KEYWORD_REPLIES,
  type InboundStore,
  type OnInboundMessage,
  processInboundSms,
} from './inbound-message';
import { publicBaseUrlSchema } from './public-url';
import { guardTwilioRequest, param } from './request-guard';
import { processStatusCallback, type StatusStore } from './status-callback';
import { twimlResponse } from './twiml';

/** Twilio's inbound webhook carries a body of at most 1,600 characters plus a few dozen short fields. */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

export type WebhookHandler = (request: Request) => Promise<Response>;
export interface WebhookHandlers {
  /** Mount where Twilio's "A message comes in" webhook points. */
  inbound: WebhookHandler;
  /** Mount where status callbacks arrive (the executor's `statusCallback`). */
  status: WebhookHandler;
}

const hasFunctions =
  (...names: string[]) =>
  (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

const replyTextSchema = z.string().max(1600, 'must be at most 1600 characters (one SMS body)');

const webhookOptionsSchema = z.object({
  store: z.custom<InboundStore & StatusStore>(
    hasFunctions('recordInbound', 'isOptedOut', 'recordOptOut', 'recordOptIn', 'applyStatus'),
    'must be a flow-sms store (openStore())',
  ),
  executor: z
    .custom<ConsentReplyReceiver>(
      hasFunctions('receiveReply'),
      'must have a receiveReply function (createSendSmsExecutor())',
    )
    .optional(),
  environment: environmentSchema,
  /** May be missing: the handlers then refuse every request (fail closed) and log why. */
  authToken: z.string().nullish(),
  publicBaseUrl: publicBaseUrlSchema,
  replies: z
    .object({ STOP: replyTextSchema, START: replyTextSchema, HELP: replyTextSchema })
    .partial()
    .default({}),
  onMessage: z.custom<OnInboundMessage>((v) => typeof v === 'function', 'must be a function').optional(),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .max(10 * 1024 * 1024, 'must be at most 10 MiB')
    .default(DEFAULT_WEBHOOK_MAX_BODY_BYTES),
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null, 'must be a logger object').optional(),
  now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function returning a Date').optional(),
});
export type WebhookOptions = z.input<typeof webhookOptionsSchema>;

const consoleLogger: Logger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * Framework-agnostic Twilio webhook handlers: each takes a Web `Request` and resolves to a
 * `Response`, so Express (through a small adapter), Fastify, Hono, Next route handlers or the
 * bundled `startWebhookServer` can mount them. Every request is checked against Twilio's
 * signature before anything is read from it.
 */
export function createWebhookHandlers(options: WebhookOptions): WebhookHandlers {
  const opts = parseOrThrow(webhookOptionsSchema, options, 'webhook options');
  const logger = opts.logger ?? consoleLogger;
  const now = opts.now ?? (() => new Date());
  const replies = { ...DEFAULT_KEYWORD_REPLIES, ...opts.replies };
  if (!opts.authToken) {
    logger.error?.(
      'flow-sms: webhook handlers created without a Twilio auth token; every webhook request will be refused until TWILIO_AUTH_TOKEN (or authToken) is set.',
    );
  }
  const guard = (request: Request, label: string) =>
    guardTwilioRequest(request, {
      authToken: opts.authToken,
      publicBaseUrl: opts.publicBaseUrl,
      maxBodyBytes: opts.maxBodyBytes,
      logger,
      label,
    });

  const inbound: WebhookHandler = async (request) =>
    failSafe(logger, 'inbound SMS', async () => {
      const checked = await guard(request, 'inbound SMS');
      if (!checked.ok) return checked.response;
      // Blank counts as missing: the store would refuse it, and a 500 would send Twilio to its fallback.
      const messageSid = (param(checked.params, 'MessageSid') ?? param(checked.params, 'SmsSid'))?.trim();
      const from = param(checked.params, 'From')?.trim();
      const to = param(checked.params, 'To')?.trim();
      if (!messageSid || !from || !to) {
        return plain(400, 'Bad Request: an inbound SMS webhook needs MessageSid, From and To.');
      }
      const messagingServiceSid = param(checked.params, 'MessagingServiceSid');
      const outcome = await processInboundSms(
        {
          store: opts.store,
          environment: opts.environment,
          executor: opts.executor,
          replies,
          onMessage: opts.onMessage,
          logger,
        },
        {
          messageSid,
          from,
          to,
          body: param(checked.params, 'Body') ?? '',
          at: now(),
          params: checked.params,
          ...(messagingServiceSid ? { messagingServiceSid } : {}),
        },
      );
      return twimlResponse(outcome.reply);
    });

  const status: WebhookHandler = async (request) =>
    failSafe(logger, 'status callback', async () => {
      const checked = await guard(request, 'status callback');
      if (!checked.ok) return checked.response;
      const outcome = processStatusCallback(
        { store: opts.store, logger },
        checked.params,
        checked.url,
        now(),
      );
      if (outcome.action === 'incomplete') {
        return plain(400, `Bad Request: a status callback needs ${outcome.missing}.`);
      }
      return new Response(null, { status: 204 });
    });

  return { inbound, status };
}

/** An unexpected failure answers 500 (Twilio then tries its fallback URL) and is logged, never thrown. */
async function failSafe(logger: Logger, label: string, handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    logger.error?.(`flow-sms: the ${label} webhook failed`, {
      error: error instanceof FlowSmsError || error instanceof Error ? error.message : String(error),
    });
    return plain(500, 'Internal Server Error');
  }
}
