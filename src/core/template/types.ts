/** The ways a template can write an input token; every one names the same kind of input. */
export const TOKEN_SYNTAXES = ['mustache', 'angle', 'dollar', 'entity', 'vrbl'] as const;
export type TokenSyntax = (typeof TOKEN_SYNTAXES)[number];

/** Literal text. `start`/`end` are UTF-16 offsets into the body, so `text === body.slice(start, end)`. */
export interface TemplateText {
  type: 'text';
  /** The source exactly as written. */
  text: string;
  /** What the text renders as, present only when it differs from `text` (it holds an escape such as `\{{`). */
  value?: string;
  start: number;
  end: number;
}

/** One input token, e.g. `{{caller.first_name | "there"}}`, `<customer_name>` or `${property_name}`. */
export interface TemplateToken {
  type: 'token';
  /** Canonical dotted path of the input, whatever syntax wrote it. */
  name: string;
  syntax: TokenSyntax;
  /** Literal text used when the input has no value (only `{{ }}` tokens can carry one). */
  fallback?: string;
  /** The token as written, `body.slice(start, end)`. */
  raw: string;
  start: number;
  end: number;
}

export type TemplatePart = TemplateText | TemplateToken;

export const TEMPLATE_SYNTAX_ERROR_CODES = ['unclosed', 'empty', 'invalid-name', 'invalid-fallback'] as const;
export type TemplateSyntaxErrorCode = (typeof TEMPLATE_SYNTAX_ERROR_CODES)[number];

/** A malformed `{{ }}` token. Its span stays in the parts as literal text and renders as written. */
export interface TemplateSyntaxError {
  code: TemplateSyntaxErrorCode;
  /** Written for the builder: says what is wrong and how to fix it. */
  message: string;
  start: number;
  end: number;
}

export interface ParsedTemplate {
  /** Text and token parts in order; together they cover the body exactly, without gaps or overlaps. */
  parts: TemplatePart[];
  errors: TemplateSyntaxError[];
}
