import { fileURLToPath } from 'node:url';

const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * The package's public entry points (`flow-sms/...`) pointed at the sources. The playground reaches
 * the plugin only through them, like any host; in this repository they must resolve to the code
 * being edited and tested, never to a dist/ (which a fresh clone does not have, and which an older
 * build leaves stale).
 */
export const packageAliases = [
  { find: 'flow-sms/plugin-manifest.json', replacement: fromRoot('plugin-manifest.json') },
  { find: 'flow-sms/core', replacement: fromRoot('src/core/index.ts') },
  { find: 'flow-sms/editor', replacement: fromRoot('src/editor/index.ts') },
  { find: 'flow-sms/plugin', replacement: fromRoot('src/plugin.ts') },
];
