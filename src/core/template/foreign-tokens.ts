import { scanPath } from './path-scan';

// Foreign syntaxes are recognised only when they match exactly; anything else is ordinary text
// (`a < b`, `<3`, `$5`, `<img src=x>`), so pasting prose never produces an error.

const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const LESS_THAN = 60;
const GREATER_THAN = 62;

/** `${path}` starting at `at`: its end (exclusive), or -1. */
export function matchDollarToken(body: string, at: number): number {
  if (body.charCodeAt(at) !== DOLLAR || body.charCodeAt(at + 1) !== OPEN_BRACE) return -1;
  const end = scanPath(body, at + 2);
  return end !== -1 && body.charCodeAt(end) === CLOSE_BRACE ? end + 1 : -1;
}

/** `<path>` (Synthflow) starting at `at`: its end (exclusive), or -1. */
export function matchAngleToken(body: string, at: number): number {
  if (body.charCodeAt(at) !== LESS_THAN) return -1;
  const end = scanPath(body, at + 1);
  return end !== -1 && body.charCodeAt(end) === GREATER_THAN ? end + 1 : -1;
}

/** `{{` starting at `at`: always a token or a syntax error, never plain text. */
export function isMustacheOpen(body: string, at: number): boolean {
  return body.charCodeAt(at) === OPEN_BRACE && body.charCodeAt(at + 1) === OPEN_BRACE;
}

/**
 * Length of the opener a backslash at `at - 1` would escape: 2 for `{{` and for a matching `${path}`,
 * 1 for a matching `<path>`, 0 when nothing there would be read as a token.
 */
export function escapableOpenerLength(body: string, at: number): number {
  if (isMustacheOpen(body, at)) return 2;
  if (matchDollarToken(body, at) !== -1) return 2;
  if (matchAngleToken(body, at) !== -1) return 1;
  return 0;
}
