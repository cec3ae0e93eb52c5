import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import { phoneNumberSchema } from '../../core/schemas/sender';
import type { CarrierOptOuts } from './carrier-opt-outs';
import type { SandboxClock } from './clock';
import type { MessageLifecycle } from './lifecycle';
import { copyMessage, type MessageBook } from './message-book';
import { API_VERSION } from './resources';
import type { SandboxConfig, SandboxMessage, SandboxWebhookDelivery } from './schemas';
import { parseTwimlReplies } from './twiml';
import { copyDelivery, type SandboxWebhooks } from './webhook-delivery';

const replyInputSchema = z.object({
  from: phoneNumberSchema,
  to: phoneNumberSchema,
  body: z.string().min(1, 'must not be empty'),
});

export interface ReceivedReply {
  /** The message the recipient texted. */
  inbound: SandboxMessage;
  /** Messages sent back through the TwiML answer, in order. */
  replies: SandboxMessage[];
  /** The inbound webhook request and its answer; null when no webhook is configured. */
  delivery: SandboxWebhookDelivery | null;
}

/** What the recipient's side of a conversation reaches in the sandbox. */
export interface ConversationParts {
  accountSid: string;
  config: Pick<SandboxConfig, 'carrierOptOut' | 'onInbound' | 'inboundUrl' | 'messagingServices'>;
  clock: SandboxClock;
  book: MessageBook;
  optOuts: CarrierOptOuts;
  webhooks: SandboxWebhooks;
  lifecycle: MessageLifecycle;
}

/**
 * The recipient texts back: records the inbound message, posts it (signed) to the inbound
 * webhook, and records each TwiML <Message> of a 2xx answer as a reply in the conversation.
 */
export async function receiveReply(
  parts: ConversationParts,
  input: { from: string; to: string; body: string },
): Promise<ReceivedReply> {
  const { config, clock, book } = parts;
  const { from, to, body } = parseOrThrow(replyInputSchema, input, 'reply');
  const at = clock.now();
  const services = servicesContaining(config.messagingServices, to);
  const inbound = book.add({
    direction: 'inbound',
    to,
    from,
    messagingServiceSid: services[0] ?? null,
    body,
    status: 'received',
    statusCallback: null,
    at,
    sentAt: at,
  });
  if (config.carrierOptOut) parts.optOuts.applyKeyword(from, to, services, body);

  const hook = config.onInbound;
  const url = config.inboundUrl ?? (hook ? 'http://localhost/twilio/inbound' : undefined);
  if (url === undefined) return { inbound: copyMessage(inbound), replies: [], delivery: null };
  const params: Record<string, string> = {
    AccountSid: parts.accountSid,
    ApiVersion: API_VERSION,
    Body: body,
    From: from,
    MessageSid: inbound.sid,
    NumMedia: '0',
    NumSegments: String(inbound.segments),
    SmsMessageSid: inbound.sid,
    SmsSid: inbound.sid,
    SmsStatus: 'received',
    To: to,
    ...(services[0] ? { MessagingServiceSid: services[0] } : {}),
  };
  const { delivery, text } = await parts.webhooks.send({ kind: 'inbound', url, params, hook });
  const replies = parseTwimlReplies(text).map((reply) => {
    const message = book.add({
      direction: 'outbound-reply',
      to: reply.to ?? from,
      from: reply.from ?? to,
      messagingServiceSid: inbound.messagingServiceSid,
      body: reply.body,
      status: 'queued',
      statusCallback: null,
      at: clock.now(),
    });
    parts.lifecycle.plan(message, null);
    return copyMessage(message);
  });
  return { inbound: copyMessage(inbound), replies, delivery: copyDelivery(delivery) };
}

function servicesContaining(services: SandboxConfig['messagingServices'], number: string): string[] {
  return Object.entries(services ?? {})
    .filter(([, pool]) => pool.includes(number))
    .map(([sid]) => sid);
}
