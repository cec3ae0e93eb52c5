import type { Logger } from '../executor/logger';
import { param } from './request-guard';
import type { WebhookParams } from './signature';

/** The store operation status callbacks use (`openStore()` provides it). */
export interface StatusStore {
  applyStatus(
    sid: string,
    status: string,
    errorCode: string | number | null | undefined,
    at: Date,
    messageId?: string,
  ): { applied: boolean; known: boolean } | null;
}

/** The query parameter a status callback URL may carry to tie a first-seen sid to its message. */
export const STATUS_CALLBACK_MESSAGE_PARAM = 'outboxId';

export type StatusOutcome =
  | { action: 'applied' | 'ignored'; known: boolean }
  | { action: 'unknown-message' }
  | { action: 'incomplete'; missing: string };

/**
 * Applies one delivery status callback. Twilio has used both the `Sms*` and `Message*` names over
 * the years, so either is read. The store moves a status only forward and records unknown
 * statuses without acting on them; extra parameters (RawDlrDoneDate, ChannelStatusMessage, ...)
 * are accepted and ignored.
 */
export function processStatusCallback(
  deps: { store: StatusStore; logger: Logger },
  params: WebhookParams,
  url: string,
  at: Date,
): StatusOutcome {
  // Blank values count as missing: the store cannot rank or look up a status or sid of spaces.
  const sid = (param(params, 'MessageSid') ?? param(params, 'SmsSid'))?.trim();
  const status = (param(params, 'MessageStatus') ?? param(params, 'SmsStatus'))?.trim();
  if (!sid) return { action: 'incomplete', missing: 'MessageSid' };
  if (!status) return { action: 'incomplete', missing: 'MessageStatus' };
  const errorCode = param(params, 'ErrorCode') || null;
  const messageId = new URL(url).searchParams.get(STATUS_CALLBACK_MESSAGE_PARAM) || undefined;
  const result = deps.store.applyStatus(sid, status, errorCode, at, messageId);
  if (!result) {
    deps.logger.warn?.('flow-sms: status callback for a message this store does not know', { sid, status });
    return { action: 'unknown-message' };
  }
  return { action: result.applied ? 'applied' : 'ignored', known: result.known };
}
