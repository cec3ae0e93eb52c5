import { builtinModules } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };
import { packageAliases } from './playground/package-aliases.ts';

// Everything the package depends on stays external: the editor bundle must never carry React,
// React Flow or zustand (the host provides them), and the executor must not inline twilio or SQLite.
const externalPackages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const isExternal = (id: string) =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  externalPackages.some((name) => id === name || id.startsWith(`${name}/`));

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: {
        core: 'src/core/index.ts',
        editor: 'src/editor/index.ts',
        executor: 'src/executor/index.ts',
        plugin: 'src/plugin.ts',
        cli: 'src/executor/cli/main.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: { external: isExternal },
  },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/repo/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'executor',
          environment: 'node',
          include: ['test/executor/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Component tests of the playground import the package by its public names.
        resolve: { alias: packageAliases },
        test: {
          name: 'editor',
          environment: 'jsdom',
          include: ['test/editor/**/*.test.{ts,tsx}', 'test/stories/**/*.test.{ts,tsx}'],
          setupFiles: ['test/editor/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          environment: 'node',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          // Crash and load tests each saturate the machine's two cores; running them side by side
          // would only make both slower and noisier.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
