import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findViolations } from '../../scripts/check-boundaries.mjs';

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'flow-sms-boundaries-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
function check(files: Record<string, string>) {
  const root = fixture(files);
  roots.push(root);
  return findViolations(root).map(({ file, specifier }) => `${file} -> ${specifier}`);
}

describe('import boundaries', () => {
  it('hold in the real source tree', () => {
    expect(findViolations().map((v) => v.message)).toEqual([]);
  });

  it('catch core importing React, a Node built-in, React Flow or Twilio', () => {
    const found = check({
      'src/core/a.ts': "import { useState } from 'react';\nimport { readFileSync } from 'node:fs';\n",
      'src/core/b.ts': "import type { Node } from '@xyflow/react';\nexport * from 'twilio/lib/rest';\n",
      'src/core/c.ts': "import path from 'path';\nconst lazy = () => import('zustand');\n",
    });
    expect(found.sort()).toEqual([
      'src/core/a.ts -> node:fs',
      'src/core/a.ts -> react',
      'src/core/b.ts -> @xyflow/react',
      'src/core/b.ts -> twilio/lib/rest',
      'src/core/c.ts -> path',
      'src/core/c.ts -> zustand',
    ]);
  });

  it('catch the editor importing the executor, by relative path or by package entry', () => {
    const found = check({
      'src/editor/node/panel.tsx': "import { send } from '../../executor/send';\n",
      'src/editor/b.ts': "import { run } from 'flow-sms/executor';\n",
      'src/executor/send.ts': 'export const send = 1;\n',
    });
    expect(found.sort()).toEqual([
      'src/editor/b.ts -> flow-sms/executor',
      'src/editor/node/panel.tsx -> ../../executor/send',
    ]);
  });

  it('catch core reaching into the editor, the executor or the plugin entry', () => {
    const found = check({
      'src/core/a.ts':
        "import '../editor/styles';\nimport { x } from '../executor';\nimport p from '../plugin';\n",
    });
    expect(found).toEqual([
      'src/core/a.ts -> ../editor/styles',
      'src/core/a.ts -> ../executor',
      'src/core/a.ts -> ../plugin',
    ]);
  });

  it('catch the executor importing the editor or React', () => {
    const found = check({
      'src/executor/cli.ts':
        "import { SendSmsNode } from '../editor';\nimport { createElement } from 'react';\n",
    });
    expect(found).toEqual(['src/executor/cli.ts -> ../editor', 'src/executor/cli.ts -> react']);
  });

  it('allow what the layering permits, and ignore imports in comments and strings', () => {
    const found = check({
      'src/core/a.ts':
        "import { z } from 'zod';\nimport { b } from './b';\n// import React from 'react';\nconst s = \"import fs from 'node:fs'\";\n",
      'src/core/b.ts': 'export const b = 1;\n',
      'src/editor/a.tsx':
        "import { useState } from 'react';\nimport { b } from '../core/b';\nimport { c } from 'flow-sms/core';\n",
      'src/executor/a.ts':
        "import { readFileSync } from 'node:fs';\nimport twilio from 'twilio';\nimport { b } from '../core/b';\n",
    });
    expect(found).toEqual([]);
  });
});
