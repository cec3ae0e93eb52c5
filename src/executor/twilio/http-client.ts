import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient';

/** What the HTTP layer saw during one SDK call; the SDK's own errors drop the headers. */
export interface HttpExchange {
  /** Set once the SDK handed a request to the HTTP client: from then on it may reach Twilio. */
  started: boolean;
  response?: { statusCode: number; headers: Record<string, unknown> };
}

const exchanges = new AsyncLocalStorage<HttpExchange>();

/** Runs `call` and reports what happened at the HTTP level during it (safe under concurrency). */
export async function withHttpExchange<T>(
  call: () => Promise<T>,
): Promise<{ exchange: HttpExchange } & ({ ok: true; value: T } | { ok: false; error: unknown })> {
  const exchange: HttpExchange = { started: false };
  try {
    const value = await exchanges.run(exchange, call);
    return { exchange, ok: true, value };
  } catch (error) {
    return { exchange, ok: false, error };
  }
}

type RequestOptions<TData> = RequestClientTypes.RequestOptions<TData>;

/**
 * The SDK's own HTTP client (axios underneath), with two additions: requests can be sent to a
 * Twilio-compatible server instead of api.twilio.com (the sandbox over real HTTP, benchmarks,
 * crash tests), and each response's status and headers are recorded for the running call, so
 * Retry-After survives the SDK turning a 429 into an exception.
 */
export class RoutingRequestClient extends twilio.RequestClient {
  readonly #baseUrl: URL | null;

  constructor(baseUrl: string | null, timeoutMs: number | undefined) {
    super({ timeout: timeoutMs, keepAlive: true });
    this.#baseUrl = baseUrl === null ? null : new URL(baseUrl);
  }

  override async request<TData>(options: RequestOptions<TData>) {
    const exchange = exchanges.getStore();
    const routed = { ...options, uri: this.#route(options.uri) };
    if (exchange) exchange.started = true;
    const response = await super.request<TData>(routed);
    if (exchange) exchange.response = { statusCode: response.statusCode, headers: response.headers ?? {} };
    return response;
  }

  #route(uri: string): string {
    if (this.#baseUrl === null) return uri;
    const original = new URL(uri);
    const prefix = this.#baseUrl.pathname.replace(/\/+$/, '');
    return `${this.#baseUrl.origin}${prefix}${original.pathname}${original.search}`;
  }
}
