import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

/** What the SDK hands its HTTP client, reduced to the fields this path reads. */
export interface SdkHttpRequest {
  method: string;
  uri: string;
  username?: string | undefined;
  password?: string | undefined;
  headers?: Record<string, unknown> | undefined;
  params?: object | undefined;
  data?: unknown;
  timeout?: number | undefined;
}

export interface SdkHttpResponse {
  statusCode: number;
  /** The raw text: the SDK parses JSON bodies itself. */
  body: string;
  headers: Record<string, unknown>;
}

/**
 * The SDK's https agent limits, except that every idle connection is kept: with its 5, a burst of
 * 16 sends in flight closes 11 connections after each round and opens them again (a TLS
 * handshake each, against Twilio).
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 20, maxTotalSockets: 100, maxFreeSockets: 20 };

/**
 * Form or query encoding as the SDK's client does it (qs, arrayFormat "repeat"): arrays repeat
 * the key, undefined values are left out, everything else is its string form.
 */
export function formEncode(fields: object): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) form.append(key, String(item ?? ''));
    else form.append(key, String(value ?? ''));
  }
  return form.toString();
}

/**
 * Sends the SDK's requests with node:http(s) and a keep-alive agent. The SDK still builds every
 * request and parses every answer; only the transfer changes. Its default client (axios) costs
 * about twice the CPU per request, which at a few thousand messages a second is most of a core.
 * Errors are Node's own (`code` ECONNREFUSED, ECONNRESET, ...), as they reach the outcome rules.
 */
export function createNodeHttpSender(defaultTimeoutMs: number) {
  const ca = process.env.TWILIO_CA_BUNDLE ? readFileSync(process.env.TWILIO_CA_BUNDLE) : undefined;
  const agents = {
    'http:': new http.Agent(AGENT_OPTIONS),
    'https:': new https.Agent({ ...AGENT_OPTIONS, ...(ca ? { ca } : {}) }),
  };

  return function send(request: SdkHttpRequest): Promise<SdkHttpResponse> {
    const url = new URL(request.uri);
    if (request.params) {
      const query = formEncode(request.params);
      if (query) url.search = url.search ? `${url.search}&${query}` : query;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[name] = String(value);
    }
    if (request.username && request.password) {
      headers.Authorization = `Basic ${Buffer.from(`${request.username}:${request.password}`).toString('base64')}`;
    }
    let body: string | undefined;
    if (request.data !== undefined && request.data !== null) {
      body =
        headers['Content-Type'] === 'application/json'
          ? JSON.stringify(request.data)
          : formEncode(request.data as object);
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const client = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const timeoutMs = request.timeout ?? defaultTimeoutMs;

    return new Promise((resolve, reject) => {
      const outgoing = client.request(
        url,
        { method: request.method.toUpperCase(), headers, agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', fail);
          incoming.on('end', () => {
            clearTimeout(timer);
            resolve({
              statusCode: incoming.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: incoming.headers,
            });
          });
        },
      );
      // A deadline for the whole exchange, like the SDK's client: a slow trickle of bytes cannot hold a send forever.
      const timer = setTimeout(() => {
        const error = Object.assign(new Error(`timeout of ${timeoutMs}ms exceeded`), { code: 'ETIMEDOUT' });
        outgoing.destroy(error);
      }, timeoutMs);
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  };
}
