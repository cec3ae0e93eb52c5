import { FlowSmsError } from '../../core/errors';
import type { UpstreamVariable } from '../../core/flow';
import type { InputSource } from '../../core/schemas/input-source';
import { templateInputs } from '../../core/template';

export interface AutoMapChange {
  /** The message's text before and after the change (a template's body when one is picked). */
  before: string;
  after: string;
  mapping: Readonly<Record<string, InputSource>>;
  /** What the inspector offers in its pickers: the upstream variables plus the system fields. */
  variables: readonly UpstreamVariable[];
  /** Inputs this inspector mapped by itself earlier and the builder has not touched since. */
  autoMapped: ReadonlySet<string>;
}

export interface AutoMapResult {
  /** `change.mapping` itself when nothing changed. */
  mapping: Record<string, InputSource>;
  autoMapped: Set<string>;
}

const isOwnVariable = (source: InputSource | undefined, name: string) =>
  source?.kind === 'variable' && source.path === name && source.fallback === undefined;

/**
 * What Twilio Studio and n8n users expect when a message gains an input (typed, completed after
 * `{{`, or brought by a template): an input named like a variable that is set upstream reads that
 * variable. Only inputs the message did not have before are mapped, so an input the builder
 * unmapped on purpose stays unmapped, and an existing mapping is never replaced. A mapping made
 * here is taken back when its input leaves the message while still untouched (typing over a token
 * passes through names such as `first` on the way to `first_name`); any other mapping stays, as
 * the Inputs panel's "no longer uses" list has always kept them.
 *
 * Variable paths are unique in the list, each marked `always` or `some-paths`; both are mapped,
 * since a variable set on some paths is still the one the builder named (the panel then asks for
 * a fallback), where leaving it unmapped would be an error on every path.
 */
export function autoMapInputs(change: AutoMapChange): AutoMapResult {
  if (typeof change?.before !== 'string' || typeof change.after !== 'string') {
    throw new FlowSmsError(
      'invalid_input',
      'autoMapInputs needs the message text before and after the change (before, after)',
      'before',
    );
  }
  const { mapping, variables } = change;
  const autoMapped = new Set(change.autoMapped);
  if (change.before === change.after) return { mapping: mapping as Record<string, InputSource>, autoMapped };
  const had = new Set(templateInputs(change.before));
  const has = templateInputs(change.after);
  const hasNow = new Set(has);
  let next: Record<string, InputSource> | undefined;
  const edit = () => {
    next ??= { ...mapping };
    return next;
  };

  for (const name of autoMapped) {
    if (hasNow.has(name)) continue;
    autoMapped.delete(name);
    if (Object.hasOwn(mapping, name) && isOwnVariable(mapping[name], name)) delete edit()[name];
  }
  const paths = new Set(variables.map((variable) => variable.path));
  for (const name of has) {
    if (had.has(name) || Object.hasOwn(mapping, name) || !paths.has(name)) continue;
    edit()[name] = { kind: 'variable', path: name };
    autoMapped.add(name);
  }
  return { mapping: next ?? (mapping as Record<string, InputSource>), autoMapped };
}

/** Auto-mapped inputs minus those whose mapping the builder has since changed or removed. */
export function forgetEdited(
  autoMapped: ReadonlySet<string>,
  before: Readonly<Record<string, InputSource>>,
  after: Readonly<Record<string, InputSource>>,
): Set<string> {
  const read = (mapping: Readonly<Record<string, InputSource>>, name: string) =>
    Object.hasOwn(mapping, name) ? mapping[name] : undefined;
  return new Set([...autoMapped].filter((name) => read(before, name) === read(after, name)));
}
