import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// A host app in miniature: it reaches the plugin only through the package's public entries
// (`flow-sms/plugin`, `flow-sms/editor`), aliased to the sources as the playground does.
// React DOM's profiling build: a production build that still calls <Profiler onRender>, which the
// benchmark uses to count renders per node (both canvases pay its small overhead alike).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
      { find: 'flow-sms/plugin-manifest.json', replacement: fromRoot('plugin-manifest.json') },
      { find: 'flow-sms/core', replacement: fromRoot('src/core/index.ts') },
      { find: 'flow-sms/editor', replacement: fromRoot('src/editor/index.ts') },
      { find: 'flow-sms/plugin', replacement: fromRoot('src/plugin.ts') },
    ],
  },
  build: { emptyOutDir: true, target: 'es2022' },
  logLevel: 'warn',
});
