import type { SendOutcome } from '../transport/types';
import { scrubSecrets } from './credentials';
import type { HttpExchange } from './http-client';

// Errors raised before a single byte reached the network: the request cannot have been sent.
const NEVER_LEFT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

/** An error the SDK raised for a Twilio error response (RestException and its RFC 9457 sibling). */
interface TwilioApiError {
  status: number;
  code?: number;
  message?: string;
  moreInfo?: string;
}

/** The sender has too many messages queued at Twilio: this one was not queued at all. */
const QUEUE_FULL = 21611;

function asTwilioApiError(error: unknown): TwilioApiError | null {
  if (error === null || typeof error !== 'object') return null;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) ? (error as TwilioApiError) : null;
}

/**
 * Turns a failed `messages.create` into what it means for resending:
 * - Twilio answered 429 / 20429: refused, retry after the delay it asked for;
 * - Twilio answered 21611 (the sender's queue is full): refused without queueing it, so sending
 *   again once the queue drains is safe; retried with back-off;
 * - Twilio answered another 4xx: refused for good;
 * - Twilio answered 5xx, or the connection broke or timed out after the request left: unknown,
 *   the message may exist, so it must be looked up before any resend;
 * - the request never left (connection refused, DNS failure): not sent, safe to retry.
 */
export function outcomeOfSendError(
  error: unknown,
  exchange: HttpExchange,
  secrets: readonly string[],
): SendOutcome {
  const apiError = asTwilioApiError(error);
  if (apiError) {
    const code = typeof apiError.code === 'number' ? apiError.code : null;
    const message = scrubSecrets(apiError.message ?? `Twilio answered HTTP ${apiError.status}`, secrets);
    if (apiError.status >= 500) {
      return {
        kind: 'unknown',
        reason: `Twilio answered HTTP ${apiError.status}${code === null ? '' : ` (error ${code})`} after receiving the request: ${message}`,
      };
    }
    const rateLimited = apiError.status === 429 || code === 20429;
    return {
      kind: 'rejected',
      httpStatus: apiError.status,
      code,
      message,
      moreInfo: typeof apiError.moreInfo === 'string' ? apiError.moreInfo : null,
      retryable: rateLimited || code === QUEUE_FULL,
      retryAfterMs: rateLimited ? retryAfterMs(exchange.response?.headers) : null,
    };
  }

  const description = scrubSecrets(describeNetworkError(error), secrets);
  if (!exchange.started) {
    return { kind: 'not-sent', reason: `the request was not sent: ${description}` };
  }
  if (exchange.response && exchange.response.statusCode < 300) {
    // Twilio accepted the message but its answer could not be read.
    return {
      kind: 'unknown',
      reason: `Twilio answered HTTP ${exchange.response.statusCode} but the answer was unreadable: ${description}`,
    };
  }
  const codes = networkErrorCodes(error);
  if (codes.some((code) => NEVER_LEFT.has(code))) {
    return { kind: 'not-sent', reason: `could not connect to Twilio: ${description}` };
  }
  return {
    kind: 'unknown',
    reason: `no answer from Twilio (${description}); the message may have been sent`,
  };
}

/** Error codes of an error, its cause and, for happy-eyeballs connects, each attempt. */
export function networkErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 3 || value === null || typeof value !== 'object') return;
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    visit((value as { cause?: unknown }).cause, depth + 1);
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return codes;
}

function describeNetworkError(error: unknown): string {
  const codes = networkErrorCodes(error);
  const message = error instanceof Error ? error.message : String(error);
  if (codes.length === 0) return message || 'unknown error';
  const code = codes[0] ?? '';
  return message.includes(code) ? message : `${code}: ${message}`;
}

/**
 * Milliseconds from a Retry-After header (seconds, or an HTTP date). Null when absent or
 * unreadable: the caller then backs off on its own schedule.
 */
export function retryAfterMs(
  headers: Record<string, unknown> | undefined,
  now: number = Date.now(),
): number | null {
  if (!headers) return null;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after');
  const raw = Array.isArray(entry?.[1]) ? entry?.[1][0] : entry?.[1];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
