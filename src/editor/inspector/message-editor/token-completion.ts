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
const CLOSING_FOR: Record<string, RegExp> = { '{': /^\s*\}\}/, $: /^\}/, '<': /^>/ };
/** How far back on the line to look for an opening: longer names than this are not tokens. */
const LOOKBEHIND = 120;

export function canonicalToken(path: string): string {
  return `{{${path}}}`;
}

/**
 * Replaces the whole token being typed (opening, partial name and any closing already there)
 * with the canonical `{{path}}`, so `<cust` or `${cust}` becomes `{{customer_name}}`.
 */
function insertCanonicalToken(view: EditorView, completion: Completion, from: number, to: number): void {
  const line = view.state.doc.lineAt(from);
  const before = line.text.slice(Math.max(0, from - line.from - LOOKBEHIND), from - line.from);
  const opening = /(\{\{\s*(?:entity:|vrbl:)?|\$\{|<)$/.exec(before);
  const start = opening ? from - opening[0].length : from;
  const after = view.state.sliceDoc(to, Math.min(line.to, to + 8));
  const closing = opening ? CLOSING_FOR[opening[0][0] ?? '']?.exec(after) : null;
  const end = to + (closing ? closing[0].length : 0);
  const insert = canonicalToken(completion.label);
  view.dispatch({
    changes: { from: start, to: end, insert },
    selection: { anchor: start + insert.length },
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
