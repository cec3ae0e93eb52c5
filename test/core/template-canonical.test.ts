// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import {
  canonicalToken,
  escapeTemplateText,
  parseTemplate,
  renderTemplate,
  toCanonicalTemplate,
} from '../../src/core/template';

describe('toCanonicalTemplate', () => {
  it.each([
    [
      'Hi ${customer_name}, your reservation at ${property_name} is confirmed for {{entity:booking_date}}.',
      'Hi {{customer_name}}, your reservation at {{property_name}} is confirmed for {{booking_date}}.',
    ],
    [
      'Hi <customer_name>, your appointment is confirmed for <appointment_date>.',
      'Hi {{customer_name}}, your appointment is confirmed for {{appointment_date}}.',
    ],
    ['Code: {{vrbl:CONFIRMATION_CODE}}', 'Code: {{CONFIRMATION_CODE}}'],
    ['{{ entity : x | "soon" }}', '{{x | "soon"}}'],
    ['{{vrbl:x | \'say "hi"\'}}', '{{x | "say \\"hi\\""}}'],
    ['{{ name  |  "kept as written" }}', '{{ name  |  "kept as written" }}'],
    ['a < b, <3, $5, <img src=x>', 'a < b, <3, $5, <img src=x>'],
    ['\\<name> \\${name} \\{{name}}', '\\<name> \\${name} \\{{name}}'],
    ['\\\\<name>', '\\\\{{name}}'],
    ['{{}} {{bad name}} <ok>', '{{}} {{bad name}} {{ok}}'],
    ['{<name>}', '{<name>}'],
    ['', ''],
  ])('%j -> %j', (body, canonical) => {
    expect(toCanonicalTemplate(body)).toBe(canonical);
  });

  it('keeps the meaning: same inputs, same rendering', () => {
    const body = 'Hi <name>, ${place} {{entity:when | "soon"}} {<name>} \\\\${place} {{vrbl:CODE}}';
    const canonical = toCanonicalTemplate(body);
    expect(parseTemplate(canonical).errors).toEqual([]);
    const values = { name: 'Ada', place: 'Rome', CODE: 'Z9' };
    expect(renderTemplate(canonical, values)).toEqual(renderTemplate(body, values));
  });

  it('rejects a body that is not a string', () => {
    expect(() => toCanonicalTemplate(3 as never)).toThrow(/body must be a string/);
  });
});

describe('canonicalToken', () => {
  it.each([
    ['first_name', undefined, '{{first_name}}'],
    ['caller.first_name', 'there', '{{caller.first_name | "there"}}'],
    ['x', '', '{{x | ""}}'],
    ['x', 'say "hi" \\o/', '{{x | "say \\"hi\\" \\\\o/"}}'],
  ])('(%j, %j) -> %j and parses back', (name, fallback, token) => {
    expect(canonicalToken(name, fallback)).toBe(token);
    const [part] = parseTemplate(token).parts;
    expect(part).toMatchObject({ type: 'token', name, syntax: 'mustache' });
    expect(part?.type === 'token' ? part.fallback : null).toBe(fallback);
  });

  it.each([
    ['first name', undefined, 'name'],
    ['', undefined, 'name'],
    [7, undefined, 'name'],
    ['x', 'a }} b', 'fallback'],
    ['x', 'a {{ b', 'fallback'],
    ['x', 'line\nbreak', 'fallback'],
    ['x', 5, 'fallback'],
  ])('(%j, %j) throws naming %s', (name, fallback, field) => {
    expect(() => canonicalToken(name as never, fallback as never)).toThrow(FlowSmsError);
    try {
      canonicalToken(name as never, fallback as never);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', field });
    }
  });
});

describe('escapeTemplateText', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a < b, <3, $5', 'a < b, <3, $5'],
    ['{{name}}', '\\{{name}}'],
    ['<name>', '\\<name>'],
    ['${name}', '\\${name}'],
    ['\\{{', '\\\\\\{{'],
    ['C:\\dir', 'C:\\dir'],
    ['{{{{', '\\{{\\{{'],
  ])('%j -> %j, which renders back to the input', (text, escaped) => {
    expect(escapeTemplateText(text)).toBe(escaped);
    expect(renderTemplate(escaped, { name: 'SHOULD NOT APPEAR' }, { onMissing: 'error' }).text).toBe(text);
  });

  it('rejects text that is not a string, naming it', () => {
    expect(() => escapeTemplateText({} as never)).toThrow(/text must be a string/);
  });
});
