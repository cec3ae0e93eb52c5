import { inputSourceOf, isEmptyValue } from '../../core/schemas/input-source';
import { type SendSmsNodeData, withOptOutFooter } from '../../core/schemas/send-sms-node';
import { countSegments, exceedsTwilioBodyLimit, twilioBodyLength } from '../../core/segments';
import { type CompiledTemplate, compileTemplate, type TemplateValues } from '../../core/template';
import type { ErrorInfo } from '../store/schemas';
import { readVariable } from './variables';

export type RenderedMessage =
  | { ok: true; text: string; segments: number; encoding: 'GSM-7' | 'UCS-2' }
  | { ok: false; error: ErrorInfo };

/** Compiled templates by body: a flow sends the same few bodies over and over. */
const compiled = new Map<string, CompiledTemplate>();
const MAX_COMPILED = 512;

function compiledTemplate(body: string): CompiledTemplate {
  let template = compiled.get(body);
  if (!template) {
    // Oldest first out: the map keeps insertion order.
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    template = compileTemplate(body);
    compiled.set(body, template);
  }
  return template;
}

/**
 * The value of each template input, from the node's mapping: a fixed value, or a variable with its
 * fallback when the variable is missing or blank. An input without a mapping reads the variable of
 * the same name (`{{caller.first_name}}` means the variable caller.first_name).
 */
function inputValues(
  names: readonly string[],
  inputs: SendSmsNodeData['inputs'],
  variables: Readonly<Record<string, unknown>>,
): TemplateValues {
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const source = inputSourceOf(inputs, name);
    let value: unknown;
    if (source.kind === 'fixed') value = source.value;
    else {
      value = readVariable(variables, source.path);
      if (isEmptyValue(value) && source.fallback !== undefined) value = source.fallback;
    }
    if (!isEmptyValue(value)) values[name] = value;
  }
  return values;
}

/** Renders the body with the mapped inputs; a missing input without a fallback fails, naming it. */
export function renderMessage(
  body: string,
  node: Pick<SendSmsNodeData, 'inputs' | 'optOutFooter'>,
  variables: Readonly<Record<string, unknown>>,
): RenderedMessage {
  const template = compiledTemplate(body);
  const rendered = template.render(inputValues(template.inputs, node.inputs, variables), {
    onMissing: 'keep',
  });
  if (rendered.missing.length > 0) {
    const names = rendered.missing.join(', ');
    const one = rendered.missing.length === 1;
    return {
      ok: false,
      error: {
        code: 'missing_inputs',
        message: `No value for template input${one ? '' : 's'} ${names}: map ${one ? 'it' : 'each'} to a variable that is set before this node, or give ${one ? 'it' : 'each'} a fixed value or a fallback.`,
      },
    };
  }
  if (rendered.text.trim() === '') {
    return {
      ok: false,
      error: {
        code: 'empty_message',
        message: 'The rendered message is empty: every input rendered as blank text.',
      },
    };
  }
  // The footer goes on its own line: a newline costs one GSM-7 character, like a space.
  const text = withOptOutFooter(rendered.text, node.optOutFooter);
  if (exceedsTwilioBodyLimit(text)) {
    return {
      ok: false,
      error: {
        code: 'body_too_long',
        message: `The rendered message is ${twilioBodyLength(text)} characters; Twilio accepts at most 1600 (error 21617). Shorten the template or the values mapped into it.`,
      },
    };
  }
  const { segments, encoding } = countSegments(text);
  return { ok: true, text, segments, encoding };
}
