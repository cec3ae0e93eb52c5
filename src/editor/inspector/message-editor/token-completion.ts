import type {
  Completion,
  CompletionContext,
  CompletionResult,
  CompletionSection,
} from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { UpstreamVariable } from '../../../core/flow';
import { isPartial, PARTIAL_NOTE } from '../variable-catalog';
import { type TokenContext, tokenContextField } from './token-context';

/**
 * An opening that starts a token, followed by what has been typed of the name so far.
 * `{{entity:` and `{{vrbl:` are PolyAI's prefixes; the name after them is what gets filtered.
 * The name part must start like an identifier, so `<3` or `a < 5` never open the list.
 */
const OPENING_BEFORE_CURSOR = /(\{\{\s*(?:entity:|vrbl:)?|\$\{|<)((?:[A-Za-z_][A-Za-z0-9_.]*)?)$/;
/** How far back on the line to look for an opening: longer names than this are not tokens. */
const LOOKBEHIND = 120;

export function canonicalToken(path: string): string {
  return `{{${path}}}`;
}

/** What follows the caret in a `<path>` or `${path}` token: the rest of the path, then its closing if present. */
const FOREIGN_REST: Record<string, RegExp> = { $: /^[A-Za-z0-9_.]*\}?/, '<': /^[A-Za-z0-9_.]*>?/ };
/**
 * The rest of a `{{` name after the caret: it ends at a blank, the `|` of a fallback, a brace (the
 * token's closing or the next token's opening) or the end of the line, as the parser reads it.
 */
const MUSTACHE_NAME_REST = /^[^\s|{}]*/;
const BLANKS_THEN_CLOSING = /^[ \t]*\}\}/;

/**
 * Where the completed token's replacement ends, and what is written in its place. Only the token
 * the caret is in is touched: a `{{` token keeps its fallback and its own `}}`, which is added only
 * when the token has none; otherwise whatever the old name left behind would read as plain text.
 */
function replacementFor(
  rest: string,
  opening: string | undefined,
  path: string,
): { length: number; insert: string; caretAfter: number } {
  const token = canonicalToken(path);
  const foreign = opening ? FOREIGN_REST[opening[0] ?? ''] : undefined;
  if (foreign) {
    // `<path>` and `${path}` hold nothing but the path, so the whole token becomes `{{path}}`.
    const length = foreign.exec(rest)?.[0].length ?? 0;
    return { length, insert: token, caretAfter: token.length };
  }
  const nameLength = MUSTACHE_NAME_REST.exec(rest)?.[0].length ?? 0;
  const afterName = rest.slice(nameLength);
  // Nothing but blanks before the closing: the token becomes canonical, braces and all.
  const closing = BLANKS_THEN_CLOSING.exec(afterName);
  if (closing) return { length: nameLength + closing[0].length, insert: token, caretAfter: token.length };
  // A closed token with more in it (a fallback): keep all of that, caret after the token as usual.
  // A token ends at its first `}}`, or unclosed at the next `{{` (the rest is already one line).
  const close = afterName.indexOf('}}');
  const nextOpen = afterName.indexOf('{{');
  if (close !== -1 && (nextOpen === -1 || close < nextOpen)) {
    const insert = `{{${path}`;
    return { length: nameLength, insert, caretAfter: insert.length + close + 2 };
  }
  // Unclosed: close it right after the name, leaving what follows as the text it already was.
  return { length: nameLength, insert: token, caretAfter: token.length };
}

/**
 * Replaces the token being typed (opening and name) with the canonical `{{path}}`, so `<cust` or
 * `${cust}` becomes `{{customer_name}}`; see `replacementFor` for what after the caret is replaced.
 */
function insertCanonicalToken(view: EditorView, completion: Completion, from: number, to: number): void {
  const line = view.state.doc.lineAt(from);
  const before = line.text.slice(Math.max(0, from - line.from - LOOKBEHIND), from - line.from);
  const opening = /(\{\{\s*(?:entity:|vrbl:)?|\$\{|<)$/.exec(before)?.[0];
  const start = opening ? from - opening.length : from;
  const rest = view.state.sliceDoc(to, line.to);
  const { length, insert, caretAfter } = replacementFor(rest, opening, completion.label);
  view.dispatch({
    changes: { from: start, to: to + length, insert },
    selection: { anchor: start + caretAfter },
    userEvent: 'input.complete',
    scrollIntoView: true,
  });
}

function sectionFor(title: string, rank: number): CompletionSection {
  return { name: title, rank };
}

function optionFor(variable: UpstreamVariable, section: CompletionSection): Completion {
  const details = [variable.label && variable.label !== variable.path ? variable.label : undefined];
  if (isPartial(variable)) details.push(PARTIAL_NOTE);
  const detail = details.filter(Boolean).join(' · ');
  return {
    label: variable.path,
    ...(detail ? { detail } : {}),
    ...(variable.sample ? { info: `Sample: ${variable.sample}` } : {}),
    type: isPartial(variable) ? 'variable partial' : 'variable',
    section,
    apply: insertCanonicalToken,
  };
}

// The options only change with the variables, so they are built once per list of groups (which
// contexts share while only the mapping changes), not per keystroke.
const optionsCache = new WeakMap<TokenContext['groups'], Completion[]>();

function optionsFor(context: TokenContext): Completion[] {
  let options = optionsCache.get(context.groups);
  if (!options) {
    options = context.groups.flatMap((group, rank) => {
      const section = sectionFor(group.title, rank);
      return group.variables.map((variable) => optionFor(variable, section));
    });
    optionsCache.set(context.groups, options);
  }
  return options;
}

/** Offers the upstream variables while the caret sits right after a token opening. */
export function tokenCompletionSource(context: CompletionContext): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(Math.max(0, context.pos - line.from - LOOKBEHIND), context.pos - line.from);
  const match = OPENING_BEFORE_CURSOR.exec(before);
  if (!match) return null;
  const typed = match[2] ?? '';
  const options = optionsFor(context.state.field(tokenContextField));
  if (options.length === 0) return null;
  return { from: context.pos - typed.length, options, validFor: /^[A-Za-z0-9_.]*$/ };
}
