import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connect } from 'vite';
import { afterAll, beforeAll, vi } from 'vitest';
import { sandboxApi } from '../../../playground/server/sandbox-api-plugin';
import { stopSandboxInterception } from '../../../src/executor/sandbox';

/**
 * The playground's API mounted as Vite mounts it (so the routes and their answers are the real
 * ones) on a local server with its own data directory, for the whole test file. `call` sends a
 * raw body, `post` a value as JSON.
 */
export function servePlaygroundApi() {
  let server: Server;
  let baseUrl = '';
  let dataDir = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flow-sms-playground-api-'));
    vi.stubEnv('FLOW_SMS_DATA_DIR', dataDir);
    let middleware: Connect.NextHandleFunction | undefined;
    server = createServer((request, response) => {
      const notFound = () => {
        response.statusCode = 404;
        response.end();
      };
      if (middleware) middleware(request, response, notFound);
      else notFound();
    });
    const plugin = sandboxApi();
    (plugin.configureServer as (viteServer: unknown) => void)({
      middlewares: { use: (use: Connect.NextHandleFunction) => (middleware = use) },
      httpServer: server,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    stopSandboxInterception();
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(path: string, body?: string) {
    const response = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, payload: (await response.json()) as Record<string, unknown> };
  }
  const post = (path: string, body: unknown) => call(path, JSON.stringify(body));
  return { call, post };
}

export const PLAYGROUND_SENDER = '+15005550006';

/**
 * A flow file as the playground saves it: start -> a Send SMS node with the given consent and a
 * template, its Sent branch to an end node `sent`, and its Declined branch to `not-sent`.
 */
export function playgroundFlow(consent: Record<string, unknown>) {
  return {
    environment: 'sandbox',
    senders: { sandbox: PLAYGROUND_SENDER },
    templates: [
      {
        id: 'hello',
        title: 'Hello',
        body: 'Hello from the playground',
        senders: { sandbox: PLAYGROUND_SENDER, live: '+14155550100' },
      },
    ],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'sms',
        type: 'sendSms',
        position: { x: 200, y: 0 },
        data: { message: { templateId: 'hello' }, consent },
      },
      { id: 'sent', type: 'end', position: { x: 400, y: 0 }, data: {} },
      { id: 'not-sent', type: 'end', position: { x: 400, y: 100 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'sms' },
      { id: 'e2', source: 'sms', sourceHandle: 'sent', target: 'sent' },
      { id: 'e3', source: 'sms', sourceHandle: 'declined', target: 'not-sent' },
    ],
  };
}
