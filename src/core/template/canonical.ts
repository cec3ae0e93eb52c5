import { FlowSmsError } from '../errors';
import { isVariablePath } from '../names';
import { requireBody } from './arguments';
import { parseTemplate } from './parse';

/**
 * Writes a canonical token: `{{name}}`, or `{{name | "fallback"}}` with `"` and `\` escaped.
 * The editor inserts tokens with it, so what it writes always parses back to the same name and fallback.
 */
export function canonicalToken(name: string, fallback?: string): string {
  if (typeof name !== 'string' || !isVariablePath(name)) {
    throw new FlowSmsError(
      'invalid_input',
      'name must be a variable path such as caller.first_name (letters, digits, _ and dots).',
      'name',
    );
  }
  if (fallback === undefined) return `{{${name}}}`;
  if (typeof fallback !== 'string' || /\{\{|\}\}|[\r\n]/.test(fallback)) {
    throw new FlowSmsError(
      'invalid_input',
      'fallback must be a string without "{{", "}}" or line breaks (a token ends at the first of those).',
      'fallback',
    );
  }
  let quoted = '';
  for (const char of fallback) quoted += char === '"' || char === '\\' ? `\\${char}` : char;
  return `{{${name} | "${quoted}"}}`;
}

/**
 * Rewrites pasted foreign tokens (`<name>`, `${name}`, `{{entity:name}}`, `{{vrbl:NAME}}`) as canonical
 * `{{name}}`, keeping fallbacks, text, escapes and malformed spans exactly as written. A `<name>` or
 * `${name}` right after a `{` stays as it is: rewriting it would make `{{{`, which means something else.
 */
export function toCanonicalTemplate(body: string): string {
  requireBody(body);
  const output: string[] = [];
  for (const part of parseTemplate(body).parts) {
    if (part.type === 'text') output.push(part.text);
    else if (part.syntax === 'mustache' || body[part.start - 1] === '{') output.push(part.raw);
    else output.push(canonicalToken(part.name, part.fallback));
  }
  return output.join('');
}
