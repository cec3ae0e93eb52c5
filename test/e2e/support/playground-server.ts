import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type PreviewServer, preview } from 'vite';

const configFile = 'playground/vite.config.ts';

/**
 * Builds the playground and serves the build with its sandbox API, as a user would after
 * `vite build`: the browser tests run against production bundles, not the dev server.
 */
export async function startBuiltPlayground(): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flow-sms-e2e-'));
  process.env.FLOW_SMS_DATA_DIR = dataDir;
  await build({ configFile, logLevel: 'warn' });
  const server: PreviewServer = await preview({
    configFile,
    logLevel: 'warn',
    preview: { port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The playground preview server did not report a URL');
  return {
    url,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}
