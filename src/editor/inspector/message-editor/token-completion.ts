import type {
  Completion,
  CompletionContext,
  CompletionResult,
  CompletionSection,
} from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { UpstreamVariable } from '../../../core/flow';
import { parseTemplate } from '../../../core/template';
import { isPartial, PARTIAL_NOTE } from '../variable-catalog';
import { type TokenContext, tokenContextField } from './token-context';

/**
 * What has been typed of a `{{` token up to the caret: its opening (with the blanks and PolyAI's
 * `entity:` / `vrbl:` prefix the parser allows, and any third brace a Handlebars user types, which
 * the completion drops) and the start of the name, which is what gets filtered. The name must start like an identifier; past it (a blank, a fallback) is no place
 * for the list.
 */
const MUSTACHE_BEFORE_CURSOR =
  /^(\{\{\{*[\t\p{Zs}]*(?:(?:entity|vrbl)[\t\p{Zs}]*:[\t\p{Zs}]*)?)((?:[A-Za-z_][A-Za-z0-9_.]*)?)$/u;
/** A pasted `${` or `<` opening and the name typed after it; `<3` or `a < 5` never open the list. */
const FOREIGN_BEFORE_CURSOR = /(\$\{|<)((?:[A-Za-z_][A-Za-z0-9_.]*)?)$/;
/** How far back on the line a `${` or `<` opening is looked for: longer names than this are not tokens. */
const LOOKBEHIND = 120;

/** The token opening the caret is in, where it starts, and what has been typed of the name. */
interface Opening {
  from: number;
  text: string;
  typed: string;
}

/**
 * Finds the opening the way the parser reads the line: a `{{` still open at the caret (not
 * escaped as `\{{`), or else a `${` or `<` with no odd run of backslashes before it, since `\<name>`
 * and `\${name}` are literal text. A `<` or `${` inside an open `{{` (its fallback, say) is part of
 * that token, so none is found there: a token written into a fallback would break it.
 */
function openingBefore(lineText: string, column: number, lineFrom: number): Opening | null {
  const before = lineText.slice(0, column);
  const last = parseTemplate(before).errors.at(-1);
  if (last?.code === 'unclosed' && last.end === before.length) {
    const match = MUSTACHE_BEFORE_CURSOR.exec(before.slice(last.start));
    if (!match) return null;
    return { from: lineFrom + last.start, text: match[1] ?? '', typed: match[2] ?? '' };
  }
  const skipped = Math.max(0, before.length - LOOKBEHIND);
  const match = FOREIGN_BEFORE_CURSOR.exec(before.slice(skipped));
  if (!match) return null;
  const start = skipped + match.index;
  let backslash = start;
  while (backslash > 0 && before.charCodeAt(backslash - 1) === 92) backslash--;
  if ((start - backslash) % 2 === 1) return null;
  return { from: lineFrom + start, text: match[1] ?? '', typed: match[2] ?? '' };
}

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
const BLANKS_THEN_CLOSING = /^[ \t]*\}\}\}*/;

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
  // Braces beyond two that opened the token (`{{{name}}}`) go, and as many closing ones with them.
  const closing = BLANKS_THEN_CLOSING.exec(afterName)?.[0];
  if (closing) {
    const extraOpen = (/^\{*/.exec(opening ?? '')?.[0].length ?? 2) - 2;
    const extraClose = (/\}*$/.exec(closing)?.[0].length ?? 2) - 2;
    const length = nameLength + closing.length - Math.max(0, extraClose - extraOpen);
    return { length, insert: token, caretAfter: token.length };
  }
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
  const opening = openingBefore(line.text, from - line.from, line.from);
  const start = opening ? opening.from : from;
  const rest = view.state.sliceDoc(to, line.to);
  const { length, insert, caretAfter } = replacementFor(rest, opening?.text, completion.label);
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
  const opening = openingBefore(line.text, context.pos - line.from, line.from);
  if (!opening) return null;
  const { typed } = opening;
  const options = optionsFor(context.state.field(tokenContextField));
  if (options.length === 0) return null;
  return { from: context.pos - typed.length, options, validFor: /^[A-Za-z0-9_.]*$/ };
}
