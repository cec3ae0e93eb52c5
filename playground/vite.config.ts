import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { packageAliases } from './package-aliases.ts';
import { sandboxApi } from './server/sandbox-api-plugin';

// The playground is a host app: it reaches the plugin only through the package's public entry
// points (`flow-sms/...`), which these aliases point at the sources so edits show up live.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), sandboxApi()],
  resolve: {
    alias: packageAliases,
  },
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  // The app bundles React, React Flow and CodeMirror in one chunk; that is expected for a demo.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
