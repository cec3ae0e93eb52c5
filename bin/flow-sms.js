#!/usr/bin/env node
// The `flow-sms` command. A built package runs dist/cli.js; a fresh clone (nothing built yet) runs
// the TypeScript source through tsx, so the command works before `npm run build`.
// FLOW_SMS_FROM_SOURCE=1 prefers the source even when a build exists (tests use it).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
const source = new URL('../src/executor/cli/main.ts', import.meta.url);
const preferSource = process.env.FLOW_SMS_FROM_SOURCE === '1' && existsSync(source);

if (!preferSource && existsSync(built)) {
  await import(built.href);
} else if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  process.stderr.write('flow-sms: dist/cli.js is missing; reinstall the package or run `npm run build`.\n');
  process.exitCode = 2;
}
