import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { build, loadConfigFromFile, type Rolldown } from 'vite';
import { formatBytes } from './harness/report';
import type { BenchContext, Benchmark, BenchSection } from './harness/types';

const gzipAsync = promisify(gzip);
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Entries users import; each is built alone, so a figure is everything that entry pulls in. */
const ENTRIES = [
  { name: 'editor', file: 'src/editor/index.ts' },
  { name: 'executor', file: 'src/executor/index.ts' },
  { name: 'core', file: 'src/core/index.ts' },
] as const;

/** `@xyflow/react/dist/style.css` → `@xyflow/react`; `node:fs` stays as it is. */
function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return 'node:*';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface Built {
  bytes: number;
  gzipBytes: number;
  bundledPackages: string[];
  externals: string[];
}

/** Builds one entry with the repository's own vite config (which keeps every dependency external). */
async function buildEntry(entry: string, minify: boolean): Promise<Built> {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    join(ROOT, 'vite.config.ts'),
  );
  if (!loaded) throw new Error('vite.config.ts could not be loaded');
  const outDir = mkdtempSync(join(tmpdir(), 'flow-sms-bundle-'));
  try {
    const config = loaded.config;
    const result = await build({
      ...config,
      configFile: false,
      root: ROOT,
      logLevel: 'error',
      build: {
        ...config.build,
        outDir,
        emptyOutDir: true,
        sourcemap: false,
        minify,
        lib: { entry: { main: join(ROOT, entry) }, formats: ['es'] },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    let bytes = 0;
    const code: string[] = [];
    const bundledPackages = new Set<string>();
    const externals = new Set<string>();
    for (const output of outputs) {
      for (const item of output.output) {
        if (item.type === 'chunk') {
          code.push(item.code);
          for (const id of item.moduleIds) {
            const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
            if (match?.[1]) bundledPackages.add(match[1]);
          }
          for (const imported of [...item.imports, ...item.dynamicImports]) {
            const emitted = outputs.some((o) => o.output.some((other) => other.fileName === imported));
            if (!emitted) externals.add(packageOf(imported));
          }
        } else if (typeof item.source === 'string' || item.source instanceof Uint8Array) {
          code.push(
            typeof item.source === 'string' ? item.source : Buffer.from(item.source).toString('utf8'),
          );
        }
      }
    }
    const all = Buffer.from(code.join('\n'), 'utf8');
    bytes = all.byteLength;
    const gzipBytes = (await gzipAsync(all, { level: 9 })).byteLength;
    return {
      bytes,
      gzipBytes,
      bundledPackages: [...bundledPackages].sort(),
      externals: [...externals].sort(),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function run(context: BenchContext): Promise<BenchSection> {
  const rows: string[][] = [];
  const notes: string[] = [];
  const missing: string[] = [];
  for (const entry of ENTRIES) {
    if (!existsSync(join(ROOT, entry.file))) {
      missing.push(`${entry.name} (${entry.file} does not exist yet)`);
      continue;
    }
    context.log(`bundle: ${entry.name}`);
    const published = await buildEntry(entry.file, false);
    const minified = await buildEntry(entry.file, true);
    rows.push([
      entry.name,
      formatBytes(published.bytes),
      formatBytes(published.gzipBytes),
      formatBytes(minified.gzipBytes),
      published.bundledPackages.length ? published.bundledPackages.join(', ') : 'none',
      published.externals.join(', '),
    ]);
    if (published.bundledPackages.length > 0) {
      notes.push(`${entry.name} inlines code from node_modules: ${published.bundledPackages.join(', ')}.`);
    }
  }
  if (missing.length > 0) notes.push(`Not measured: ${missing.join('; ')}.`);
  if (rows.length === 0) {
    return { title: 'Bundle size', tables: [], skipped: `no entry to build yet: ${missing.join('; ')}` };
  }
  return {
    title: 'Bundle size',
    headline: rows
      .filter((row) => row[0] !== 'core')
      .map((row) => [`${row[0]} entry, minified + gzip`, row[3]!, '—', '—', '—']),
    tables: [
      {
        title: 'Bundle size per entry, built alone with the repository vite config',
        columns: ['entry', 'as built', 'gzip', 'minified + gzip', 'packages inlined', 'external imports'],
        rows,
        notes: [
          'gzip level 9 over every file the entry emits. "As built" is what dist/ ships (unminified, like most libraries); "minified + gzip" is close to what a host app bundler ends up serving.',
          ...notes,
        ],
      },
    ],
  };
}

export const bundleSizeBenchmark: Benchmark = {
  id: 'bundle',
  title: 'Bundle size',
  run,
};
