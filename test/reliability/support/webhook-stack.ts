import type { Environment } from '../../../src/core/environments';
import {
  createWebhookHandlers,
  INBOUND_WEBHOOK_PATH,
  STATUS_WEBHOOK_PATH,
  startWebhookServer,
  type WebhookOptions,
  type WebhookServer,
} from '../../../src/executor/webhooks';
import { expectedTwilioSignature } from '../../../src/executor/webhooks/signature';

export const AUTH_TOKEN = 'reliability-auth-token-0123456789';

export interface WebhookStack {
  server: WebhookServer;
  /** The public URLs Twilio signs (the server's own address unless `publicBaseUrl` was given). */
  inboundUrl: string;
  statusUrl: string;
  /** Where to post on this machine. */
  localInboundUrl: string;
  localStatusUrl: string;
  close(): Promise<void>;
}

/**
 * The real node:http webhook server on 127.0.0.1. Its public base URL is its own address (so the
 * sandbox, or a test, signs exactly what the handlers check) unless one is given, as for a server
 * behind a TLS-terminating proxy.
 */
export async function startWebhookStack(
  options: Omit<WebhookOptions, 'publicBaseUrl' | 'authToken' | 'environment'> & {
    environment?: Environment;
    authToken?: string | null;
    publicBaseUrl?: string;
  },
): Promise<WebhookStack> {
  // The handlers need the public URL, which may be the server's own: listen first, then create them.
  const handlers = {
    inbound: (request: Request) => real.inbound(request),
    status: (request: Request) => real.status(request),
  };
  const server = await startWebhookServer({ handlers, port: 0 });
  const publicBaseUrl = options.publicBaseUrl ?? server.url;
  const real = createWebhookHandlers({
    environment: 'sandbox',
    authToken: AUTH_TOKEN,
    logger: {},
    ...options,
    publicBaseUrl,
  });
  return {
    server,
    inboundUrl: `${publicBaseUrl}${INBOUND_WEBHOOK_PATH}`,
    statusUrl: `${publicBaseUrl}${STATUS_WEBHOOK_PATH}`,
    localInboundUrl: `${server.url}${INBOUND_WEBHOOK_PATH}`,
    localStatusUrl: `${server.url}${STATUS_WEBHOOK_PATH}`,
    close: () => server.close(),
  };
}

/** The headers and body Twilio would post for `params` to `url`, signed with `authToken`. */
export function signedPost(
  url: string,
  params: Record<string, string>,
  authToken: string = AUTH_TOKEN,
): { method: 'POST'; headers: Record<string, string>; body: string } {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': expectedTwilioSignature({ authToken, url, params }),
    },
    body: new URLSearchParams(params).toString(),
  };
}

let sidCounter = 0;
/** A fresh MessageSid shaped like Twilio's. */
export const nextSid = () => `SM${(++sidCounter).toString(16).padStart(32, '0')}`;

/** The params of an inbound SMS webhook. */
export function inboundParams(
  from: string,
  to: string,
  body: string,
  sid = nextSid(),
): Record<string, string> {
  return {
    AccountSid: 'AC00000000000000000000000000000000',
    ApiVersion: '2010-04-01',
    MessageSid: sid,
    SmsSid: sid,
    From: from,
    To: to,
    Body: body,
    NumMedia: '0',
    NumSegments: '1',
  };
}
