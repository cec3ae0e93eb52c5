#!/usr/bin/env node
// Fails when a module imports across the project's layering: editor -> core <- executor.
// Core stays portable (no React, React Flow, Twilio or Node built-ins), and the editor and
// executor never reach into each other, so each bundle carries only what its runtime has.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const rules = [
  {
    dir: 'src/core',
    forbidden: [/^react(-dom)?(\/|$)/, /^@xyflow\//, /^twilio(\/|$)/, /^node:/, /^zustand(\/|$)/, /^better-sqlite3$/, /^msw(\/|$)/],
    forbiddenDirs: ['src/editor', 'src/executor', 'src/plugin.ts'],
  },
  { dir: 'src/editor', forbidden: [/^node:/, /^twilio(\/|$)/, /^better-sqlite3$/], forbiddenDirs: ['src/executor'] },
  { dir: 'src/executor', forbidden: [/^react(-dom)?(\/|$)/, /^@xyflow\//, /^zustand(\/|$)/], forbiddenDirs: ['src/editor', 'src/plugin.ts'] },
];
const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts)$/.test(name)) yield path;
  }
}

export function findViolations() {
  const violations = [];
  for (const rule of rules) {
    const base = join(root, rule.dir);
    let files;
    try {
      files = [...walk(base)];
    } catch {
      continue;
    }
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(importPattern)) {
        const spec = match[1] ?? match[2] ?? match[3];
        const where = relative(root, file);
        if (rule.forbidden.some((re) => re.test(spec))) {
          violations.push(`${where} imports '${spec}', which ${rule.dir} must not use`);
        }
        if (spec.startsWith('.')) {
          const target = relative(root, resolve(dirname(file), spec));
          const hit = rule.forbiddenDirs.find((d) => target === d.replace(/\.ts$/, '') || target.startsWith(`${d}/`) || target === d);
          if (hit) violations.push(`${where} imports '${spec}' (${hit}), which ${rule.dir} must not import`);
        }
      }
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = findViolations();
  if (violations.length) {
    console.error(`Import boundary violations (editor -> core <- executor):\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
  console.log('import boundaries: ok');
}
