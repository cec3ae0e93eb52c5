import { requireBody } from './arguments';
import { escapableOpenerLength, isMustacheOpen, matchAngleToken, matchDollarToken } from './foreign-tokens';
import { quoteSnippet, readTokenContent } from './token-content';
import type {
  ParsedTemplate,
  TemplatePart,
  TemplateSyntaxError,
  TemplateText,
  TemplateToken,
  TokenSyntax,
} from './types';

const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const DOLLAR = 36;
const LESS_THAN = 60;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/**
 * Collects the literal text between tokens into one part per run, keeping the rendered value
 * separately only when the run holds an escape (so plain text costs one slice).
 */
class TextRun {
  private start = 0;
  private copiedUpTo = 0;
  private pieces: string[] | null = null;

  constructor(
    private readonly body: string,
    private readonly parts: TemplatePart[],
  ) {}

  escape(from: number, to: number, literal: string): void {
    this.pieces ??= [];
    this.pieces.push(this.body.slice(this.copiedUpTo, from), literal);
    this.copiedUpTo = to;
  }

  /** Ends the run at `end` (where a token starts, or the end of the body); the next run starts at `next`. */
  close(end: number, next: number): void {
    if (end > this.start) {
      const part: TemplateText = {
        type: 'text',
        text: this.body.slice(this.start, end),
        start: this.start,
        end,
      };
      if (this.pieces !== null) {
        this.pieces.push(this.body.slice(this.copiedUpTo, end));
        part.value = this.pieces.join('');
      }
      this.parts.push(part);
    }
    this.start = next;
    this.copiedUpTo = next;
    this.pieces = null;
  }
}

/** Where the `{{` at `open` ends: at its first `}}`, or unclosed at a line break, the next `{{` or the end. */
function findMustacheEnd(body: string, open: number): { closed: boolean; end: number } {
  for (let i = open + 2; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === CLOSE_BRACE && body.charCodeAt(i + 1) === CLOSE_BRACE) return { closed: true, end: i + 2 };
    if (code === OPEN_BRACE && body.charCodeAt(i + 1) === OPEN_BRACE) return { closed: false, end: i };
    if (code === LINE_FEED || code === CARRIAGE_RETURN) return { closed: false, end: i };
  }
  return { closed: false, end: body.length };
}

/**
 * Splits a template body into text and token parts in one left-to-right pass. Every character is
 * looked at a bounded number of times, so hostile bodies (`{{{{…`, `${${${…`, 100 KB) parse in linear time.
 */
export function parseTemplate(body: string): ParsedTemplate {
  requireBody(body);
  const parts: TemplatePart[] = [];
  const errors: TemplateSyntaxError[] = [];
  const text = new TextRun(body, parts);

  const addToken = (start: number, end: number, name: string, syntax: TokenSyntax, fallback?: string) => {
    text.close(start, end);
    const token: TemplateToken = { type: 'token', name, syntax, raw: body.slice(start, end), start, end };
    if (fallback !== undefined) token.fallback = fallback;
    parts.push(token);
  };

  let i = 0;
  while (i < body.length) {
    const code = body.charCodeAt(i);
    if (code === BACKSLASH) {
      let runEnd = i + 1;
      while (body.charCodeAt(runEnd) === BACKSLASH) runEnd++;
      const openerLength = escapableOpenerLength(body, runEnd);
      if (openerLength > 0) {
        // Backslashes before a token opener pair up into literal backslashes; an odd one left over
        // makes the opener itself literal. Anywhere else a backslash is just a backslash.
        const run = runEnd - i;
        const kept = '\\'.repeat(run >> 1);
        if (run % 2 === 1) {
          const to = runEnd + openerLength;
          text.escape(i, to, kept + body.slice(runEnd, to));
          i = to;
          continue;
        }
        text.escape(i, runEnd, kept);
      }
      i = runEnd;
    } else if (isMustacheOpen(body, i)) {
      const { closed, end } = findMustacheEnd(body, i);
      if (!closed) {
        errors.push({
          code: 'unclosed',
          message: `${quoteSnippet(body.slice(i, end))} is not closed: add "}}" after the name (or write \\{{ for a literal "{{").`,
          start: i,
          end,
        });
      } else {
        const content = readTokenContent(body.slice(i + 2, end - 2));
        if (content.ok) addToken(i, end, content.name, content.syntax, content.fallback);
        else errors.push({ code: content.code, message: content.message, start: i, end });
      }
      i = end;
    } else if (code === DOLLAR || code === LESS_THAN) {
      const end = code === DOLLAR ? matchDollarToken(body, i) : matchAngleToken(body, i);
      if (end === -1) {
        i++;
      } else {
        const nameStart = code === DOLLAR ? i + 2 : i + 1;
        addToken(i, end, body.slice(nameStart, end - 1), code === DOLLAR ? 'dollar' : 'angle');
        i = end;
      }
    } else {
      i++;
    }
  }
  text.close(body.length, body.length);
  return { parts, errors };
}
