import type { Logger } from '../executor/logger';
import {
  publicUrlFor,
  TWILIO_SIGNATURE_HEADER,
  validateTwilioSignature,
  type WebhookParams,
  webhookParamsFromForm,
} from './signature';

export interface GuardOptions {
  authToken: string | null | undefined;
  publicBaseUrl: string;
  maxBodyBytes: number;
  logger: Logger;
  /** Names the webhook in log lines ("inbound SMS", "status callback"). */
  label: string;
}

export type GuardResult =
  | { ok: true; params: WebhookParams; url: string }
  | { ok: false; response: Response };

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/**
 * Everything a Twilio webhook request must pass before its content is trusted: POST only, a
 * bounded form body, and a valid X-Twilio-Signature over the CONFIGURED public URL (never the
 * request's Host or X-Forwarded-* headers, which the caller controls). A missing auth token
 * rejects every request: a deployment that lost its secret must not start trusting strangers.
 */
export async function guardTwilioRequest(request: Request, options: GuardOptions): Promise<GuardResult> {
  if (request.method !== 'POST') {
    return {
      ok: false,
      response: plain(405, 'Method Not Allowed: Twilio posts webhooks.', { allow: 'POST' }),
    };
  }
  if (!options.authToken) {
    options.logger.error?.(
      `flow-sms: refused a webhook (${options.label}) because no Twilio auth token is configured; set TWILIO_AUTH_TOKEN (or pass authToken) so signatures can be checked.`,
    );
    return {
      ok: false,
      response: plain(500, 'Webhook signature cannot be checked: no auth token is configured.'),
    };
  }
  const body = await readLimitedBody(request, options.maxBodyBytes);
  if (body === 'too-large') {
    return { ok: false, response: plain(413, `Payload Too Large: at most ${options.maxBodyBytes} bytes.`) };
  }
  if (body === 'not-form') {
    return {
      ok: false,
      response: plain(415, 'Unsupported Media Type: expected application/x-www-form-urlencoded.'),
    };
  }
  if (body === 'unreadable')
    return { ok: false, response: plain(400, 'Bad Request: the body could not be read.') };

  const params = webhookParamsFromForm(body);
  const url = publicUrlFor(request, options.publicBaseUrl);
  const signature = request.headers.get(TWILIO_SIGNATURE_HEADER);
  if (!validateTwilioSignature({ authToken: options.authToken, url, params, signature })) {
    options.logger.warn?.(
      `flow-sms: refused a webhook (${options.label}) with ${signature ? 'an invalid' : 'no'} ${TWILIO_SIGNATURE_HEADER} for ${url}. If Twilio sent it, check that publicBaseUrl matches the URL set in the Twilio Console exactly (scheme, host, port) and that the auth token is this account's.`,
    );
    return { ok: false, response: plain(403, 'Forbidden: invalid Twilio signature.') };
  }
  return { ok: true, params, url };
}

/** The first value of a form parameter, trimmed of nothing: Twilio's values are used as sent. */
export function param(params: WebhookParams, name: string): string | undefined {
  if (!Object.hasOwn(params, name)) return undefined;
  const value = params[name];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * Reads a urlencoded body, refusing it once it passes `maxBytes`: the declared Content-Length is
 * checked first, and the stream is counted as it arrives so a sender that lies about (or omits)
 * the length is cut off too.
 */
async function readLimitedBody(
  request: Request,
  maxBytes: number,
): Promise<string | 'too-large' | 'not-form' | 'unreadable'> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return 'too-large';
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return 'not-form';
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'unreadable';
  }
  return Buffer.concat(chunks).toString('utf8');
}
