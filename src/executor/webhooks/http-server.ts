import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import { DEFAULT_WEBHOOK_MAX_BODY_BYTES, type WebhookHandler, type WebhookHandlers } from './handlers';

const FETCH_FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

import { INBOUND_WEBHOOK_PATH, STATUS_WEBHOOK_PATH } from './public-url';

export { INBOUND_WEBHOOK_PATH, STATUS_WEBHOOK_PATH };

const serverOptionsSchema = z.object({
  handlers: z.custom<WebhookHandlers>(
    (v) =>
      typeof (v as WebhookHandlers | null)?.inbound === 'function' &&
      typeof (v as WebhookHandlers | null)?.status === 'function',
    'must be the result of createWebhookHandlers()',
  ),
  port: z.number().int().min(0, 'must be 0 (any free port) or more').max(65_535, 'must be at most 65535'),
  host: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .default(DEFAULT_WEBHOOK_MAX_BODY_BYTES),
});
export type WebhookServerOptions = z.input<typeof serverOptionsSchema>;

export interface WebhookServer {
  /** The local address, such as http://127.0.0.1:8787. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * A ready `node:http` server mounting the handlers at /webhooks/twilio/inbound and
 * /webhooks/twilio/status. It listens on 127.0.0.1 by default: put a TLS-terminating proxy or a
 * tunnel in front and configure its public URL as `publicBaseUrl`.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const opts = parseOrThrow(serverOptionsSchema, options, 'webhook server options');
  const routes = new Map<string, WebhookHandler>([
    [INBOUND_WEBHOOK_PATH, opts.handlers.inbound],
    [STATUS_WEBHOOK_PATH, opts.handlers.status],
  ]);
  const server = createServer((req, res) => {
    void serve(req, res, routes, opts.maxBodyBytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  routes: ReadonlyMap<string, WebhookHandler>,
  maxBodyBytes: number,
): Promise<void> {
  try {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes.get(path);
    if (!handler) return send(res, new Response('Not Found', { status: 404 }));
    // The Fetch API cannot even build a Request for these; refuse them as the handlers refuse any non-POST.
    if (FETCH_FORBIDDEN_METHODS.has((req.method ?? '').toUpperCase())) {
      return send(
        res,
        new Response('Method Not Allowed: Twilio posts webhooks.', {
          status: 405,
          headers: { allow: 'POST' },
        }),
      );
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too-large') {
      res.setHeader('connection', 'close');
      return send(res, new Response(`Payload Too Large: at most ${maxBodyBytes} bytes.`, { status: 413 }));
    }
    await send(res, await handler(toRequest(req, body)));
  } catch {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Internal Server Error');
  }
}

/** Reads at most `maxBytes`; past that, stops reading so a huge upload costs no memory. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        req.pause();
        req.removeAllListeners('data');
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The Web Request a handler sees. Its URL uses the socket's local address; the handlers never
 * read the host from it (the signature is checked over the configured public URL).
 */
function toRequest(req: IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const address = req.socket.address() as Partial<AddressInfo>;
  const host = address.family === 'IPv6' ? `[${address.address}]` : (address.address ?? '127.0.0.1');
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`http://${host}:${address.port ?? 80}${req.url ?? '/'}`, {
    method,
    headers,
    ...(hasBody ? { body: new Uint8Array(body) } : {}),
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}
