import twilio from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient';
import { createNodeHttpSender } from './node-http';

/** What the HTTP layer saw during one SDK call; the SDK's own errors drop the headers. */
export interface HttpExchange {
  /** Set once the SDK handed a request to the HTTP client: from then on it may reach Twilio. */
  started: boolean;
  response?: { statusCode: number; headers: Record<string, unknown> };
}

/**
 * The exchange of the SDK call being started right now. The SDK hands a request to its HTTP
 * client synchronously inside `messages.create` / `fetch` / `list` (BaseTwilio.request calls
 * httpClient.request without awaiting anything first), so the call's exchange is handed over
 * through this slot for exactly that synchronous stretch: no other code can run in between.
 * AsyncLocalStorage would also work, but on Node 20 it switches on promise hooks for the whole
 * process, which made every promise of the host (and of the executor) measurably slower.
 * The transport tests that tell "unknown" from "not-sent" fail if the SDK ever stops doing so.
 */
let starting: HttpExchange | undefined;

/** Runs `call` and reports what happened at the HTTP level during it (safe under concurrency). */
export async function withHttpExchange<T>(
  call: () => Promise<T>,
): Promise<{ exchange: HttpExchange } & ({ ok: true; value: T } | { ok: false; error: unknown })> {
  const exchange: HttpExchange = { started: false };
  let pending: Promise<T>;
  starting = exchange;
  try {
    pending = call();
  } catch (error) {
    return { exchange, ok: false, error };
  } finally {
    starting = undefined;
  }
  try {
    return { exchange, ok: true, value: await pending };
  } catch (error) {
    return { exchange, ok: false, error };
  }
}

type RequestOptions<TData> = RequestClientTypes.RequestOptions<TData>;
type Response<TData> = Awaited<ReturnType<twilio.RequestClient['request']>> & { body: TData };

/**
 * The HTTP client handed to the SDK. It differs from the SDK's own in three ways: requests can be
 * sent to a Twilio-compatible server instead of api.twilio.com (the sandbox over real HTTP,
 * benchmarks, crash tests); each response's status and headers are recorded for the running
 * call, so Retry-After survives the SDK turning a 429 into an exception; and requests travel over
 * node:http (see node-http.ts) unless the SDK's client is needed for what only it does: an
 * HTTP_PROXY, or following redirects.
 */
export class RoutingRequestClient extends twilio.RequestClient {
  readonly #baseUrl: URL | null;
  readonly #sendDirect: ReturnType<typeof createNodeHttpSender> | null;

  constructor(baseUrl: string | null, timeoutMs: number) {
    super({ timeout: timeoutMs, keepAlive: true });
    this.#baseUrl = baseUrl === null ? null : new URL(baseUrl);
    // The SDK's client reads HTTP_PROXY when it is built; so does this choice.
    this.#sendDirect = process.env.HTTP_PROXY ? null : createNodeHttpSender(timeoutMs);
  }

  override async request<TData>(options: RequestOptions<TData>) {
    // Claimed before anything is awaited; later pages of a list arrive without one.
    const exchange = starting;
    starting = undefined;
    const routed = { ...options, uri: this.#route(options.uri) };
    if (exchange) exchange.started = true;
    const response =
      this.#sendDirect && !routed.allowRedirects && !routed.authStrategy
        ? ((await this.#sendDirect(routed)) as Response<TData>)
        : await super.request<TData>(routed);
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
