import {
  type InputSource,
  isEmptyValue,
  renderTemplate,
  SYSTEM_VARIABLES,
  templateInputs,
  withOptOutFooter,
} from '../../core';

/** The variable a template input reads: its mapped path, or (unmapped) the variable of its own name. */
export function sampleKeyFor(name: string, source: InputSource | undefined): string | undefined {
  if (source?.kind === 'fixed') return undefined;
  return source?.path ?? name;
}

export interface SampleInput {
  name: string;
  source: InputSource | undefined;
  /** Where a typed sample is stored; undefined for fixed values, which need none. */
  key: string | undefined;
  value: string | undefined;
  /** Where `value` came from, so the preview can say what it shows. */
  origin: 'fixed' | 'typed' | 'catalog' | 'fallback' | 'missing';
}

interface KnownVariable {
  path: string;
  sample?: string | undefined;
}

/**
 * The value each template input shows in previews, resolved the way the executor resolves it at run
 * time (fixed value, else the variable, else the mapping's fallback), with sample values standing in
 * for variables: one typed by the designer first, then the catalog's example.
 */
export function resolveSampleInputs(
  body: string,
  mapping: Readonly<Record<string, InputSource>>,
  typed: Readonly<Record<string, string>>,
  variables: readonly KnownVariable[],
): SampleInput[] {
  const catalogSample = new Map<string, string>();
  for (const v of [...SYSTEM_VARIABLES, ...variables])
    if (v.sample !== undefined) catalogSample.set(v.path, v.sample);
  return templateInputs(body).map((name): SampleInput => {
    const source = Object.hasOwn(mapping, name) ? mapping[name] : undefined;
    // Blank counts as missing, as it does for the executor: a blank fixed value is no value.
    if (source?.kind === 'fixed') {
      const value = isEmptyValue(source.value) ? undefined : source.value;
      return { name, source, key: undefined, value, origin: 'fixed' };
    }
    const key = sampleKeyFor(name, source) as string;
    const typedValue = Object.hasOwn(typed, key) ? typed[key] : undefined;
    if (!isEmptyValue(typedValue)) return { name, source, key, value: typedValue, origin: 'typed' };
    const example = catalogSample.get(key);
    if (!isEmptyValue(example)) return { name, source, key, value: example, origin: 'catalog' };
    if (!isEmptyValue(source?.fallback))
      return { name, source, key, value: source?.fallback, origin: 'fallback' };
    return { name, source, key, value: undefined, origin: 'missing' };
  });
}

/** The message as the recipient would get it with these samples; a missing input stays as written. */
export function renderPreviewText(body: string, inputs: readonly SampleInput[], optOutFooter: boolean) {
  const values: Record<string, string> = {};
  for (const input of inputs) if (input.value !== undefined) values[input.name] = input.value;
  const rendered = body ? renderTemplate(body, values, { onMissing: 'keep' }) : { text: '', missing: [] };
  // Same layout as the executor: the footer on its own line after the trimmed message.
  const text = withOptOutFooter(rendered.text, optOutFooter);
  return { text, missing: rendered.missing };
}
