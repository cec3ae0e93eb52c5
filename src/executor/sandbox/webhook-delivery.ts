import { expectedTwilioSignature, TWILIO_SIGNATURE_HEADER } from '../webhooks/signature';
import type { SandboxWebhookDelivery, WebhookHook } from './schemas';

// Twilio gives up on a webhook after 15 seconds.
const WEBHOOK_TIMEOUT_MS = 15_000;

export interface WebhookCall {
  kind: SandboxWebhookDelivery['kind'];
  url: string;
  params: Record<string, string>;
  authToken: string;
  /** In-process receiver; when absent the request goes out with `fetch`. */
  hook: WebhookHook | undefined;
  fetch: typeof fetch;
}

/** The request Twilio would send: form-encoded, signed with X-Twilio-Signature. */
export function signedWebhookRequest(
  url: string,
  params: Record<string, string>,
  authToken: string,
): Request {
  const signature = expectedTwilioSignature({ authToken, url, params });
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      [TWILIO_SIGNATURE_HEADER]: signature,
      'user-agent': 'TwilioProxy/1.1 (flow-sms sandbox)',
      'i-twilio-idempotency-token': crypto.randomUUID(),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** Sends one webhook and reports what happened; never throws, a failed webhook is a logged fact. */
export async function deliverWebhook(
  call: WebhookCall,
): Promise<{ delivery: SandboxWebhookDelivery; text: string }> {
  const request = signedWebhookRequest(call.url, call.params, call.authToken);
  const delivery: SandboxWebhookDelivery = {
    kind: call.kind,
    url: call.url,
    params: { ...call.params },
    signature: request.headers.get(TWILIO_SIGNATURE_HEADER) ?? '',
    responseStatus: null,
    error: null,
  };
  try {
    const answer: unknown = call.hook
      ? await call.hook(request)
      : await call.fetch(request, { signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    if (answer instanceof Response) {
      delivery.responseStatus = answer.status;
      const text = await answer.text();
      if (answer.ok) return { delivery, text };
      // Twilio logs 11200 and acts on no TwiML from an answer that is not 2xx.
      delivery.error = `HTTP ${answer.status}: error 11200, the answer is ignored`;
      return { delivery, text: '' };
    }
    delivery.responseStatus = 200;
    return { delivery, text: typeof answer === 'string' ? answer : '' };
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
    return { delivery, text: '' };
  }
}

/**
 * The webhooks one sandbox sends: signed with its auth token, tracked until answered (so tests can
 * wait for them) and kept, with their answers, for inspection.
 */
export class SandboxWebhooks {
  readonly #deliveries: SandboxWebhookDelivery[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #authToken: string;
  readonly #currentFetch: () => typeof fetch;

  /** `fetch` is looked up for each webhook: an interceptor installed later must still see it. */
  constructor(authToken: string, currentFetch: () => typeof fetch) {
    this.#authToken = authToken;
    this.#currentFetch = currentFetch;
  }

  async send(
    call: Omit<WebhookCall, 'authToken' | 'fetch'>,
  ): Promise<{ delivery: SandboxWebhookDelivery; text: string }> {
    const sending = deliverWebhook({ ...call, authToken: this.#authToken, fetch: this.#currentFetch() });
    this.#inFlight.add(sending);
    const answered = await sending.finally(() => this.#inFlight.delete(sending));
    this.#deliveries.push(answered.delivery);
    return answered;
  }

  /** Every webhook request made so far (status callbacks and inbound messages), in order. */
  deliveries(): SandboxWebhookDelivery[] {
    return this.#deliveries.map(copyDelivery);
  }

  /** Resolves once every webhook request in flight has been answered. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  clear(): void {
    this.#deliveries.length = 0;
  }
}

export function copyDelivery(delivery: SandboxWebhookDelivery): SandboxWebhookDelivery {
  return { ...delivery, params: { ...delivery.params } };
}
