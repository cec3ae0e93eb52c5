import { isMessagingServiceSid } from '../../core/schemas/sender';
import type { OutboxEntry } from '../outbox/types';
import type { MessageRecord } from '../store/messages';
import type { FlowSmsStore } from '../store/store';
import type { RemoteMessage, SmsTransport } from '../transport/types';

/**
 * Finds the message Twilio holds for an outbox entry whose send may or may not have happened.
 * Twilio has no idempotency key, so this runs before any resend: by sid when one is known (from a
 * response or a status callback), else by listing messages to the recipient since the first
 * request and matching the exact body. A match is bound to this message only if no other message
 * owns its sid, so two identical texts to one person are never both satisfied by one send.
 * Returns null when Twilio has no such message; throws when Twilio cannot be asked.
 */
export async function findSentMessage(
  transport: SmsTransport,
  store: FlowSmsStore,
  entry: OutboxEntry,
  message: MessageRecord,
  windowMs: number,
): Promise<RemoteMessage | null> {
  if (message.sid) {
    const known = await transport.fetchMessage(message.sid);
    if (known) return known;
  }
  const { to, from, body } = entry.payload;
  const viaService = isMessagingServiceSid(from);
  const since = new Date((entry.sendingSince ?? entry.createdAt).getTime() - windowMs);
  const listed = await transport.listMessages(viaService ? { to, since } : { to, from, since });
  const candidates = listed
    .filter((m) => m.to === to && m.body === body && (viaService || m.from === null || m.from === from))
    .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0));
  for (const candidate of candidates) {
    const owner = store.messageBySid(candidate.sid);
    if (owner && owner.id !== message.id) continue;
    if (store.bindSid(message.id, candidate.sid)) return candidate;
  }
  return null;
}
