import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}

/**
 * Every regular expression written in the TypeScript files under `root`: regex literals, and
 * `RegExp(...)` / `new RegExp(...)` calls. A call whose pattern is not a string literal cannot be
 * checked statically; it is returned with `source` null so the caller can refuse it.
 */
export function findRegexes(root: string): {
  found: FoundRegex[];
  dynamic: Array<{ file: string; line: number }>;
} {
  const found: FoundRegex[] = [];
  const dynamic: Array<{ file: string; line: number }> = [];
  for (const path of typeScriptFiles(root)) {
    const file = relative(process.cwd(), path);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const end = text.lastIndexOf('/');
        found.push({ file, line: lineOf(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) {
          found.push({ file, line: lineOf(node), source: pattern.text, flags: flags ? flags.text : '' });
        } else {
          dynamic.push({ file, line: lineOf(node) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { found, dynamic };
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
