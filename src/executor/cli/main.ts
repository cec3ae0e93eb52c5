#!/usr/bin/env node
// The `flow-sms` command. Built to dist/cli.js; bin/flow-sms.js loads it (or this file through tsx).
import { processIo } from './io';
import { runCli } from './run-cli';

const code = await runCli(process.argv.slice(2), processIo());
// exitCode, not exit(): pending output is flushed and closed resources finish first.
process.exitCode = code;
