import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import type { TwilioSandbox } from './sandbox';

const serverOptionsSchema = z.object({
  /** 0 (the default) picks a free port. */
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
});
export type SandboxServerOptions = z.input<typeof serverOptionsSchema>;

export interface SandboxServer {
  /** Base URL to give `createTwilioTransport({ baseUrl })`, e.g. http://127.0.0.1:4010 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the sandbox's REST API over real HTTP, for other processes (crash tests, benchmarks,
 * the CLI against a running playground). Faults that drop the connection destroy the socket.
 */
export async function startSandboxServer(
  sandbox: TwilioSandbox,
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const { port, host } = parseOrThrow(serverOptionsSchema, options, 'sandbox server options');
  const server = createServer((req, res) => {
    serve(sandbox, req, res, origin).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20500, message: String(error), status: 500 }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url: origin,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  sandbox: TwilioSandbox,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const hangUp = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) hangUp.abort();
  });
  const body =
    req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(await readBody(req));
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const request = new Request(`${origin}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    body,
    signal: hangUp.signal,
  });
  const reply = await sandbox.handle(request);
  if (reply.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (hangUp.signal.aborted) return;
  const payload = Buffer.from(await reply.response.arrayBuffer());
  res.writeHead(reply.response.status, Object.fromEntries(reply.response.headers));
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
