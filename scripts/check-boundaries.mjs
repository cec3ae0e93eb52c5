#!/usr/bin/env node
// Fails when a module imports across the project's layering: editor -> core <- executor.
// Core stays portable (no React, React Flow, Twilio or Node built-ins), and the editor and
// executor never reach into each other, so each bundle carries only what its runtime has.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const nodeBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);
const pkg = (name) => (spec) => spec === name || spec.startsWith(`${name}/`);
const scope = (name) => (spec) => spec.startsWith(`${name}/`);
const react = (spec) => pkg('react')(spec) || pkg('react-dom')(spec);

/**
 * `forbidden` tests bare specifiers; `forbiddenPaths` are repository paths that relative imports
 * and the package's own entry points (`flow-sms/editor`, ...) must not reach.
 */
const RULES = [
  {
    dir: 'src/core',
    forbidden: [
      react,
      scope('@xyflow'),
      pkg('zustand'),
      pkg('twilio'),
      pkg('better-sqlite3'),
      pkg('msw'),
      nodeBuiltin,
    ],
    forbiddenPaths: ['src/editor', 'src/executor', 'src/plugin'],
  },
  {
    dir: 'src/editor',
    forbidden: [pkg('twilio'), pkg('better-sqlite3'), nodeBuiltin],
    forbiddenPaths: ['src/executor'],
  },
  {
    dir: 'src/executor',
    forbidden: [react, scope('@xyflow'), pkg('zustand')],
    forbiddenPaths: ['src/editor', 'src/plugin'],
  },
];

/** What the package's own entry points resolve to, so `import 'flow-sms/executor'` is no loophole. */
const SELF_ENTRIES = {
  'flow-sms/core': 'src/core',
  'flow-sms/editor': 'src/editor',
  'flow-sms/executor': 'src/executor',
  'flow-sms/plugin': 'src/plugin',
};

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** Every module a file imports: static, type-only, re-exports, dynamic `import()` and `require`. */
function importsOf(source) {
  // The TypeScript scanner skips comments and strings, which a regular expression would not.
  return ts.preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName);
}

/** The repository path an import lands on, without extension, or undefined for a package. */
function targetPath(root, file, spec) {
  if (spec.startsWith('.'))
    return relative(root, resolve(dirname(file), spec))
      .split(sep)
      .join('/');
  const entry = Object.keys(SELF_ENTRIES).find((name) => spec === name || spec.startsWith(`${name}/`));
  return entry && SELF_ENTRIES[entry];
}

const within = (path, base) => path === base || path.startsWith(`${base}/`) || path === `${base}.ts`;

/**
 * All layering violations under `root` (the repository by default), as
 * `{ file, specifier, message }` with `file` relative to `root`.
 */
export function findViolations(root = REPO_ROOT) {
  const violations = [];
  for (const rule of RULES) {
    const base = join(root, rule.dir);
    let files;
    try {
      files = [...sourceFiles(base)];
    } catch {
      continue; // a layer that does not exist yet cannot break the rules
    }
    for (const path of files) {
      const file = relative(root, path).split(sep).join('/');
      for (const specifier of importsOf(readFileSync(path, 'utf8'))) {
        const target = targetPath(root, path, specifier);
        const hitPath = target && rule.forbiddenPaths.find((forbidden) => within(target, forbidden));
        if (hitPath) {
          violations.push({
            file,
            specifier,
            message: `${file} imports '${specifier}' (${hitPath}), which ${rule.dir} must not import`,
          });
        } else if (!target && rule.forbidden.some((test) => test(specifier))) {
          violations.push({
            file,
            specifier,
            message: `${file} imports '${specifier}', which ${rule.dir} must not use`,
          });
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const violations = findViolations(process.argv[2] ? resolve(process.argv[2]) : REPO_ROOT);
  if (violations.length) {
    console.error(
      `Import boundary violations (editor -> core <- executor):\n  ${violations.map((v) => v.message).join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('import boundaries: ok');
}
