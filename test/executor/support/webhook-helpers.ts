import type { FlowSmsStore } from '../../../src/executor/store';
import { createWebhookHandlers, type WebhookOptions } from '../../../src/executor/webhooks';
import { expectedTwilioSignature } from '../../../src/executor/webhooks/signature';

export const AUTH_TOKEN = '12345678901234567890123456789012';
export const PUBLIC_BASE = 'https://hooks.example.com';
export const INBOUND_URL = `${PUBLIC_BASE}/webhooks/twilio/inbound`;
export const STATUS_URL = `${PUBLIC_BASE}/webhooks/twilio/status`;

export const CUSTOMER = '+14155550123';
export const OUR_NUMBER = '+15005550006';
export const OTHER_NUMBER = '+15005550007';

let counter = 0;
/** A fresh MessageSid shaped like Twilio's. */
export const nextSid = () => `SM${(++counter).toString(16).padStart(32, '0')}`;

export interface SignOptions {
  /** The URL the signature is computed over (defaults to the URL posted to). */
  signedUrl?: string;
  /** Params the signature is computed over (defaults to the params posted). */
  signedParams?: Record<string, string>;
  token?: string;
  headers?: Record<string, string>;
  signature?: string | null;
}

/**
 * A POST as Twilio sends it: a urlencoded form and an X-Twilio-Signature over the URL and params.
 * The request itself goes to `url`; options let a test sign something else to tamper with it.
 */
export function twilioRequest(
  url: string,
  params: Record<string, string>,
  options: SignOptions = {},
): Request {
  const signature =
    options.signature === undefined
      ? expectedTwilioSignature({
          authToken: options.token ?? AUTH_TOKEN,
          url: options.signedUrl ?? url,
          params: options.signedParams ?? params,
        })
      : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    ...options.headers,
  };
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

export function inboundParams(body: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: 'AC00000000000000000000000000000000',
    ApiVersion: '2010-04-01',
    MessageSid: nextSid(),
    SmsSid: 'ignored-when-MessageSid-is-present',
    From: CUSTOMER,
    To: OUR_NUMBER,
    Body: body,
    NumMedia: '0',
    NumSegments: '1',
    FromCountry: 'US',
    ...overrides,
  };
}

export const twiml = (message?: string) =>
  message === undefined
    ? '<?xml version="1.0" encoding="UTF-8"?><Response/>'
    : `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${message}</Message></Response>`;

/** A logger that keeps what it is told, so tests can check what an operator would read. */
export function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      warn: (message: string) => lines.push(`warn: ${message}`),
      error: (message: string) => lines.push(`error: ${message}`),
    },
  };
}

/**
 * The webhook handlers of the test account (AUTH_TOKEN, served at PUBLIC_BASE) over `store`, in the
 * sandbox environment, with a logger whose lines the test can read; `extra` overrides any option.
 */
export function webhookHandlersFor(store: FlowSmsStore, extra: Partial<WebhookOptions> = {}) {
  const log = recordingLogger();
  const handlers = createWebhookHandlers({
    store,
    environment: 'sandbox',
    authToken: AUTH_TOKEN,
    publicBaseUrl: PUBLIC_BASE,
    logger: log.logger,
    ...extra,
  });
  return { handlers, log };
}
