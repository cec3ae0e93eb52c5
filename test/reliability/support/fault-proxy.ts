import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request:
 * - forward: pass it on and pass the answer back;
 * - reset-before / reset-after: cut the client's connection before forwarding, or after the
 *   upstream has answered (the upstream acted on it; the client never learns how);
 * - hang-before / hang-after: the same two points, but the connection stays open and silent until
 *   the client gives up;
 * - answer: reply itself without forwarding (a Twilio error the sandbox cannot produce on demand).
 */
export type ProxyAction =
  | { kind: 'forward' | 'reset-before' | 'reset-after' | 'hang-before' | 'hang-after' }
  | { kind: 'answer'; status: number; json: unknown };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The decoded form, for POSTs; empty for GETs. */
  form: URLSearchParams;
  action: ProxyAction['kind'];
  /** The status the client received; null when it received none. */
  status: number | null;
  /** The Twilio error code in the answer the client received, if any. */
  code: number | null;
}

export interface FaultProxy {
  url: string;
  /** Every request, in arrival order. */
  log: ProxiedRequest[];
  close(): Promise<void>;
}

/** An HTTP proxy on 127.0.0.1 in front of `upstream` that misbehaves as `decide` says. */
export async function startFaultProxy(
  upstream: string,
  decide: (request: { method: string; path: string; form: URLSearchParams }) => ProxyAction,
): Promise<FaultProxy> {
  const target = new URL(upstream);
  const log: ProxiedRequest[] = [];

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, connection: 'close' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const form = method === 'POST' ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
    const action = decide({ method, path, form });
    const entry: ProxiedRequest = { method, path, form, action: action.kind, status: null, code: null };
    log.push(entry);
    switch (action.kind) {
      case 'reset-before':
        req.socket.destroy();
        return;
      case 'hang-before':
        return;
      case 'answer':
        entry.status = action.status;
        entry.code = errorCodeOf(JSON.stringify(action.json));
        res.writeHead(action.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(action.json));
        return;
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forward(req, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (action.kind === 'reset-after') {
      req.socket.destroy();
      return;
    }
    if (action.kind === 'hang-after') return;
    entry.status = answer.status;
    if (answer.status >= 400) entry.code = errorCodeOf(answer.body.toString('utf8'));
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function errorCodeOf(text: string): number | null {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'number' ? code : null;
  } catch {
    return null;
  }
}
