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
