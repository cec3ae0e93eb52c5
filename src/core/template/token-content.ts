import { isVariablePath } from '../names';
import type { TemplateSyntaxErrorCode, TokenSyntax } from './types';

// Reads what sits between `{{` and `}}`:  name | entity:name | vrbl:NAME, then optionally | "fallback".
// Spaces and tabs are allowed around every piece; the scanner has already excluded line breaks.

export type TokenContent =
  | { ok: true; name: string; syntax: TokenSyntax; fallback?: string }
  | { ok: false; code: TemplateSyntaxErrorCode; message: string };

const SNIPPET_MAX = 40;

/** Curly and other typographic quotation marks, which text editors substitute for " and '. */
const TYPOGRAPHIC_QUOTES =
  '\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\u2033\u2032\uff02\uff07';

/** A space of any width (the no-break space a word processor puts after a brace, too) or a tab. */
const BLANK = /[\t\p{Zs}]/u;
const BLANKS = /[\t\p{Zs}]+/gu;
/** Characters that take no room on screen: zero-width spaces and joiners, byte order marks, soft hyphens. */
const INVISIBLE = /\p{Cf}/u;
const EVERY_INVISIBLE = /\p{Cf}/gu;

function isBlank(char: string | undefined): boolean {
  return char !== undefined && BLANK.test(char);
}

function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end - 1])) end--;
  return text.slice(start, end);
}

/** Quotes user text for a message, shortened so a 100 KB body never becomes a 100 KB message. */
export function quoteSnippet(text: string): string {
  const short = text.length > SNIPPET_MAX ? `${text.slice(0, SNIPPET_MAX)}…` : text;
  return `"${short}"`;
}

function fail(code: TemplateSyntaxErrorCode, message: string): TokenContent {
  return { ok: false, code, message };
}

function badName(name: string): TokenContent {
  if (name.startsWith('{')) {
    // Only the braces before the name are known here: those after it may be two or three.
    const bare = name.replace(/^\{+/, '');
    return fail(
      'invalid-name',
      `Too many braces before ${quoteSnippet(bare)}: write {{${bare}}} with two on each side.`,
    );
  }
  const invisible = INVISIBLE.exec(name)?.[0];
  if (invisible !== undefined) {
    const code = (invisible.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    const visible = name.replace(EVERY_INVISIBLE, '');
    return fail(
      'invalid-name',
      `${quoteSnippet(name)} holds an invisible character (U+${code}), often pasted along with text: delete the name and type it again${isVariablePath(visible) ? ` as ${visible}` : ''}.`,
    );
  }
  if (BLANK.test(name)) {
    return fail(
      'invalid-name',
      `${quoteSnippet(name)} is not a valid input name: names cannot contain spaces (try ${quoteSnippet(name.replace(BLANKS, '_'))}).`,
    );
  }
  return fail(
    'invalid-name',
    `${quoteSnippet(name)} is not a valid input name: use letters, digits and underscores, not starting with a digit, with dots between parts (like caller.first_name).`,
  );
}

function readName(text: string): TokenContent {
  const colon = text.indexOf(':');
  if (colon === -1)
    return isVariablePath(text) ? { ok: true, name: text, syntax: 'mustache' } : badName(text);
  const prefix = trimBlanks(text.slice(0, colon));
  const syntax: TokenSyntax | undefined = prefix === 'entity' || prefix === 'vrbl' ? prefix : undefined;
  if (syntax === undefined) {
    return fail(
      'invalid-name',
      `${quoteSnippet(`${prefix}:`)} is not a recognised prefix: only {{entity:name}} and {{vrbl:NAME}} are; for a plain input write {{name}}.`,
    );
  }
  const name = trimBlanks(text.slice(colon + 1));
  if (name === '')
    return fail(
      'empty',
      `{{${prefix}:}} has no name: write one after the colon, like {{${prefix}:booking_date}}.`,
    );
  return isVariablePath(name) ? { ok: true, name, syntax } : badName(name);
}

/** Reads `"text"` or `'text'` (a backslash escapes the quote or another backslash) and nothing after it. */
function readFallback(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const body = trimBlanks(text);
  if (body === '')
    return {
      ok: false,
      message: 'Nothing follows "|": add a quoted fallback such as | "there", or remove the "|".',
    };
  const quote = body[0];
  if (quote !== undefined && TYPOGRAPHIC_QUOTES.includes(quote)) {
    // What word processors and phones put in place of " and ': it reads as a quote but is not one.
    let inner = body.slice(1);
    const closing = inner.at(-1);
    if (closing !== undefined && (TYPOGRAPHIC_QUOTES.includes(closing) || closing === '"' || closing === "'"))
      inner = inner.slice(0, -1);
    const quoted = inner.slice(0, SNIPPET_MAX).replace(/["\\]/g, '\\$&');
    return {
      ok: false,
      message: `The fallback starts with ${quote} instead of a straight quote: write | "${quoted}".`,
    };
  }
  if (quote !== '"' && quote !== "'") {
    return {
      ok: false,
      message: `The fallback must be in quotes: write | "${body.slice(0, SNIPPET_MAX)}" instead of | ${body.slice(0, SNIPPET_MAX)}.`,
    };
  }
  const pieces: string[] = [];
  let from = 1;
  for (let i = 1; i < body.length; i++) {
    const char = body[i];
    if (char === '\\' && (body[i + 1] === quote || body[i + 1] === '\\')) {
      pieces.push(body.slice(from, i));
      from = i + 1;
      i++;
    } else if (char === quote) {
      pieces.push(body.slice(from, i));
      const rest = body.slice(i + 1);
      if (rest !== '') {
        return {
          ok: false,
          message: `Unexpected ${quoteSnippet(rest)} after the fallback: a token takes one quoted fallback (to use a quote inside it, write \\${quote}).`,
        };
      }
      return { ok: true, value: pieces.join('') };
    }
  }
  const last = body.at(-1) as string;
  if (body.length > 1 && TYPOGRAPHIC_QUOTES.includes(last)) {
    return {
      ok: false,
      message: `The fallback ends with ${last} instead of a straight quote: end it with ${quote}, as it starts.`,
    };
  }
  return { ok: false, message: `The fallback is missing its closing ${quote}: add ${quote} before "}}".` };
}

export function readTokenContent(content: string): TokenContent {
  const bar = content.indexOf('|');
  const nameText = trimBlanks(bar === -1 ? content : content.slice(0, bar));
  if (nameText === '') {
    return fail(
      'empty',
      bar === -1
        ? 'Empty token: put an input name between the braces, like {{first_name}} (write \\{{ for a literal "{{").'
        : 'The token has no name before "|": write {{name | "fallback"}}.',
    );
  }
  const name = readName(nameText);
  if (!name.ok || bar === -1) return name;
  const fallback = readFallback(content.slice(bar + 1));
  if (!fallback.ok) return fail('invalid-fallback', fallback.message);
  return { ...name, fallback: fallback.value };
}
