#!/usr/bin/env node
// The `flow-sms` command. In a checkout (the TypeScript source is there) it runs the source through
// tsx, so it never runs a dist/ left behind by an older build; an installed package has no source
// and runs dist/cli.js. FLOW_SMS_FROM_BUILD=1 runs the build in a checkout, to try it.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
const source = new URL('../src/executor/cli/main.ts', import.meta.url);
const useBuild = !existsSync(source) || process.env.FLOW_SMS_FROM_BUILD === '1';

if (!useBuild) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write('flow-sms: dist/cli.js is missing; reinstall the package or run `npm run build`.\n');
  process.exitCode = 2;
}
