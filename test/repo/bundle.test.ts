import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The editor entry is loaded by host apps that already ship React, React Flow and zustand; a
 * bundled second copy would break hooks and double the download. Node code would break the browser.
 */
const outDir = mkdtempSync(join(tmpdir(), 'flow-sms-bundle-'));
const staticImport = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?["']([^"']+)["']/g;

function importsOf(file: string): string[] {
  return [...readFileSync(join(outDir, file), 'utf8').matchAll(staticImport)].map((m) => m[1] ?? '');
}

/** Every chunk an entry pulls in, and every bare (external) module they import. */
function graph(entry: string): { chunks: string[]; externals: Set<string> } {
  const chunks: string[] = [];
  const externals = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift() as string;
    if (chunks.includes(file)) continue;
    chunks.push(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('./')) queue.push(spec.slice(2));
      else externals.add(spec);
    }
  }
  return { chunks, externals };
}

describe('library build', () => {
  beforeAll(async () => {
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  }, 120_000);

  it.each(['editor.js', 'plugin.js'])(
    '%s imports React, React Flow and zustand instead of bundling them',
    (entry) => {
      const { chunks, externals } = graph(entry);
      const code = chunks.map((file) => readFileSync(join(outDir, file), 'utf8')).join('\n');
      expect([...externals]).toEqual(expect.arrayContaining(['react', '@xyflow/react']));
      // React's own source defines its element symbol; a bundled copy would contain it.
      expect(code).not.toContain('Symbol.for("react.transitional.element")');
      expect(code).not.toContain('useSyncExternalStoreWithSelector');
      expect(code).not.toMatch(/class\s+\w*XYPanZoom|function\s+XYPanZoom/);
    },
  );

  it.each(['core.js', 'editor.js', 'plugin.js'])('%s reaches no Node built-in, Twilio or SQLite', (entry) => {
    const { externals } = graph(entry);
    const nodeOnly = [...externals].filter((spec) =>
      /^(node:|twilio|better-sqlite3|msw)|^(fs|path|http|https|crypto|os|child_process)$/.test(spec),
    );
    expect(nodeOnly).toEqual([]);
  });

  it('executor.js keeps its dependencies external', () => {
    const { externals } = graph('executor.js');
    expect([...externals]).toEqual(expect.arrayContaining(['twilio', 'better-sqlite3']));
  });
});
