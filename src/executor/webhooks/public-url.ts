import { z } from 'zod';

/** Where the webhook server's routes live under the public URL. */
export const INBOUND_WEBHOOK_PATH = '/webhooks/twilio/inbound';
export const STATUS_WEBHOOK_PATH = '/webhooks/twilio/status';

/**
 * The public base URL Twilio reaches the webhook server at: the executor builds each message's
 * status callback from it and the handlers check signatures against it (never against Host
 * headers). The routes are added to it, so a query, a fragment or a route already at its end would
 * give URLs the server never answers.
 */
export const publicBaseUrlSchema = z
  .string()
  .trim()
  .regex(
    /^https?:\/\/[^/?#]+/i,
    'must be the absolute http(s) URL Twilio reaches this server at, such as https://example.com',
  )
  .refine(
    (url) => !/[?#]/.test(url),
    "must not have a query or fragment: give the server's base URL, such as https://example.com",
  )
  .refine(
    (url) =>
      ![INBOUND_WEBHOOK_PATH, STATUS_WEBHOOK_PATH].some((path) => url.replace(/\/+$/, '').endsWith(path)),
    `is the server's base URL, without ${STATUS_WEBHOOK_PATH} or ${INBOUND_WEBHOOK_PATH} at its end (flow-sms adds those)`,
  );
