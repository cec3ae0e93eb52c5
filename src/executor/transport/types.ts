/**
 * The seam between the executor and whatever carries messages: the real Twilio API or the
 * embedded sandbox. Both are reached through the official `twilio` SDK; only the HTTP
 * destination differs, so the executor's code path is the same in tests and in production.
 */

export interface OutboundMessage {
  /** E.164 recipient. */
  to: string;
  /** E.164 phone number, or a Messaging Service SID (`MG...`), sent as `MessagingServiceSid`. */
  from: string;
  body: string;
  /** Absolute URL Twilio posts delivery status to; omitted when no public base URL is configured. */
  statusCallback?: string;
}

/** What the API said about one send attempt. */
export type SendOutcome =
  | {
      kind: 'accepted';
      sid: string;
      status: string;
      /** The number or service that actually sent it (resolved by Twilio for a Messaging Service). */
      from: string | null;
      segments: number;
      price: string | null;
      priceUnit: string | null;
    }
  | {
      /** Twilio answered and refused: nothing was sent. */
      kind: 'rejected';
      httpStatus: number;
      code: number | null;
      message: string;
      moreInfo: string | null;
      /** True only when the request certainly did not send anything and may be tried again. */
      retryable: boolean;
      retryAfterMs: number | null;
    }
  | {
      /** The request may or may not have reached Twilio (timeout, reset or 5xx after sending). */
      kind: 'unknown';
      reason: string;
    }
  | {
      /** The request never left this machine (connection refused, DNS failure): safe to retry. */
      kind: 'not-sent';
      reason: string;
    };

/** A message as Twilio reports it when looked up, used to reconcile unknown outcomes. */
export interface RemoteMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  status: string;
  errorCode: number | null;
  segments: number;
  dateCreated: Date | null;
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'sandbox';
  send(message: OutboundMessage): Promise<SendOutcome>;
  fetchMessage(sid: string): Promise<RemoteMessage | null>;
  /** Messages to `to` (and from `from` when a phone number) created at or after `since`. */
  listMessages(query: { to: string; from?: string; since: Date }): Promise<RemoteMessage[]>;
}
