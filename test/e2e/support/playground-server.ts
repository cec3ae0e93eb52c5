import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type PreviewServer, preview } from 'vite';

const configFile = 'playground/vite.config.ts';

export interface RunningPlayground {
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the playground and serves the build with its sandbox API, as a user would after
 * `vite build`: the browser tests run against production bundles, not the dev server.
 * PLAYGROUND_URL points the tests at a server that is already running instead (quicker while
 * writing tests; every test uses its own caller number, so a long-lived sandbox does not matter).
 */
export async function startBuiltPlayground(): Promise<RunningPlayground> {
  const existing = process.env.PLAYGROUND_URL;
  if (existing) return { url: existing, close: async () => undefined };
  // Vite 8 lists every extensionless import it would need for its future native config loader;
  // the project's imports are extensionless by rule, so the list is only noise here.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'flow-sms-e2e-'));
  process.env.FLOW_SMS_DATA_DIR = dataDir;
  // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle and JSX;
  // the tests must see what `vite build` gives a user.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server: PreviewServer = await preview({
    configFile,
    logLevel: 'warn',
    preview: { port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The playground preview server did not report a URL');
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
