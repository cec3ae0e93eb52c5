import { requireBody, requireValues } from './arguments';
import { parseTemplate } from './parse';
import { buildRenderProgram } from './program';
import { type RenderResult, runProgram } from './render';
import { type RenderOptions, readOnMissing } from './render-options';
import type { TemplatePart, TemplateSyntaxError } from './types';

export type TemplateValues = Readonly<Record<string, unknown>>;

/** A template parsed once, to render many times (one call per message). Frozen: renders cannot drift. */
export interface CompiledTemplate {
  readonly body: string;
  /** Distinct input names in order of first appearance. */
  readonly inputs: readonly string[];
  readonly parts: readonly Readonly<TemplatePart>[];
  readonly errors: readonly Readonly<TemplateSyntaxError>[];
  render(values: TemplateValues, options?: RenderOptions): RenderResult;
}

function distinctNames(parts: readonly TemplatePart[]): string[] {
  const names = new Set<string>();
  for (const part of parts) if (part.type === 'token') names.add(part.name);
  return [...names];
}

/** Distinct input names of a template, in order of first appearance, whatever syntax wrote them. */
export function templateInputs(body: string): string[] {
  return distinctNames(parseTemplate(body).parts);
}

export function compileTemplate(body: string): CompiledTemplate {
  const { parts, errors } = parseTemplate(body);
  const frozenParts = Object.freeze(parts.map((part) => Object.freeze(part)));
  const program = buildRenderProgram(frozenParts);
  return Object.freeze({
    body,
    inputs: Object.freeze(distinctNames(parts)),
    parts: frozenParts,
    errors: Object.freeze(errors.map((error) => Object.freeze(error))),
    render(values: TemplateValues, options?: RenderOptions): RenderResult {
      const checked = requireValues(values);
      return runProgram(program, checked, readOnMissing(options));
    },
  });
}

/**
 * Fills a template's tokens from `values`. A token's own fallback applies first; names still without
 * a value are listed in `missing`, and `onMissing` decides what they render as (default `keep`).
 */
export function renderTemplate(body: string, values: TemplateValues, options?: RenderOptions): RenderResult {
  requireBody(body);
  const checked = requireValues(values);
  const onMissing = readOnMissing(options);
  return runProgram(buildRenderProgram(parseTemplate(body).parts), checked, onMissing);
}
