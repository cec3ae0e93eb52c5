import type { TemplatePart } from './types';

/** One input token with everything a render needs worked out when the template is compiled. */
export interface TokenStep {
  readonly name: string;
  /**
   * The dotted name split into segments, or null when a segment is reserved (`__proto__`, `constructor`,
   * `prototype`): such a token never resolves, so a render does not even look.
   */
  readonly path: readonly string[] | null;
  /** The token's own fallback, or undefined when it has none. */
  readonly fallback: string | undefined;
  /** The token as written, for `onMissing: 'keep'`. */
  readonly raw: string;
}

/**
 * A template reduced to what rendering needs: literal text with escapes already resolved, alternating
 * with tokens. `literals[i]` comes before `tokens[i]`, and there is always one more literal than tokens
 * (possibly empty), so a render is one loop with no branching on part types. The compiled template
 * keeps its program private, so it needs no freezing to stay unchanged.
 */
export interface RenderProgram {
  readonly literals: readonly string[];
  readonly tokens: readonly TokenStep[];
}

/** Path segments that would lead into the object model rather than the caller's data. */
export function isReservedPathSegment(segment: string): boolean {
  return segment === '__proto__' || segment === 'constructor' || segment === 'prototype';
}

/** Splits by hand while checking each segment: `String#split` plus a Set made up a third of compile time. */
function tokenPath(name: string): readonly string[] | null {
  const segments: string[] = [];
  let start = 0;
  for (;;) {
    const dot = name.indexOf('.', start);
    const segment = dot === -1 ? (start === 0 ? name : name.slice(start)) : name.slice(start, dot);
    if (isReservedPathSegment(segment)) return null;
    segments.push(segment);
    if (dot === -1) return segments;
    start = dot + 1;
  }
}

export function buildRenderProgram(parts: readonly TemplatePart[]): RenderProgram {
  const literals: string[] = [];
  const tokens: TokenStep[] = [];
  let literal = '';
  for (const part of parts) {
    if (part.type === 'text') {
      literal += part.value ?? part.text;
      continue;
    }
    literals.push(literal);
    literal = '';
    tokens.push({ name: part.name, path: tokenPath(part.name), fallback: part.fallback, raw: part.raw });
  }
  literals.push(literal);
  return { literals, tokens };
}
