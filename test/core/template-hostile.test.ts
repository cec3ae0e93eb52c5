// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  escapeTemplateText,
  parseTemplate,
  renderTemplate,
  templateInputs,
  toCanonicalTemplate,
} from '../../src/core/template';

const KB100 = 100 * 1024;

/** Joins parts back together: must give the body exactly, with contiguous offsets. */
function expectExactCover(body: string): void {
  const { parts } = parseTemplate(body);
  let offset = 0;
  for (const part of parts) {
    expect(part.start).toBe(offset);
    offset = part.end;
  }
  expect(offset).toBe(body.length);
  expect(parts.map((part) => (part.type === 'text' ? part.text : part.raw)).join('')).toBe(body);
}

describe('hostile names', () => {
  it.each([
    '{{__proto__}}',
    '{{constructor.constructor}}',
    '{{__proto__.polluted}}',
    '{{constructor.prototype.polluted}}',
  ])('%s neither resolves nor pollutes Object.prototype', (body) => {
    const values = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
    );
    const result = renderTemplate(body, values, { onMissing: 'empty' });
    expect(result.text).toBe('');
    expect(result.missing).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('renders {{constructor.constructor}} against a class instance without reaching Function', () => {
    class Caller {
      name = 'Ada';
    }
    const result = renderTemplate('{{c.constructor.constructor}} {{c.name}}', { c: new Caller() });
    expect(result).toEqual({
      text: '{{c.constructor.constructor}} Ada',
      missing: ['c.constructor.constructor'],
    });
  });
});

describe('large and pathological bodies', () => {
  it.each([
    ['plain text', 'a'.repeat(KB100)],
    ['unclosed openers', '{{'.repeat(KB100 / 2)],
    ['triple braces', '{{{'.repeat(KB100 / 3)],
    ['nested dollar openers', '${'.repeat(KB100 / 2)],
    ['nested dollar with names', '${a'.repeat(KB100 / 3)],
    ['angle openers', '<'.repeat(KB100)],
    ['unterminated angle path', `<${'a.'.repeat(KB100 / 2)}`],
    ['dollar path without close', `\${${'abc_'.repeat(KB100 / 4)}`],
    ['backslash run', '\\'.repeat(KB100)],
    ['escaped openers', '\\{{\\${x}\\<y>'.repeat(KB100 / 12)],
    ['backslash-quote openers', `{{"${'{{\\"'.repeat(KB100 / 4)}`],
    ['unclosed token to the end', `{{ name | "${'x'.repeat(KB100)}`],
    ['closers', '}}'.repeat(KB100 / 2)],
    ['fallback bars', `{{a ${'|'.repeat(KB100)}}}`],
  ])('%s (100 KB) parse into parts that cover the body exactly', (_label, body) => {
    expectExactCover(body);
    expect(() => renderTemplate(body, {})).not.toThrow();
    expect(() => toCanonicalTemplate(body)).not.toThrow();
  });

  it('parses 100 KB of tokens into every token', () => {
    const unit = '{{a}}<b>${c}{{entity:d}}{{vrbl:e}} ';
    const body = unit.repeat(Math.floor(KB100 / unit.length));
    const parsed = parseTemplate(body);
    expect(parsed.errors).toEqual([]);
    expect(parsed.parts.filter((part) => part.type === 'token')).toHaveLength(
      5 * Math.floor(KB100 / unit.length),
    );
    expect(templateInputs(body)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const text = compileTemplate(body).render({ a: 1, b: 2, c: 3, d: 4, e: 5 }, { onMissing: 'error' }).text;
    expect(text).toBe('12345 '.repeat(Math.floor(KB100 / unit.length)));
  });

  it('treats ${${${ as plain text and still finds a token at the end', () => {
    const body = `${'${'.repeat(1000)}\${name}`;
    expect(templateInputs(body)).toEqual(['name']);
    expect(renderTemplate(body, { name: 'Ada' }).text).toBe(`${'${'.repeat(1000)}Ada`);
  });

  it('reports each of 50,000 unclosed openers', () => {
    const { errors } = parseTemplate('{{'.repeat(50_000));
    expect(errors).toHaveLength(50_000);
    expect(errors.every((error) => error.code === 'unclosed' && error.end - error.start === 2)).toBe(true);
  });

  it('escapes 100 KB of openers so they render as written', () => {
    const text = '{{a}}${b}<c>\\'.repeat(KB100 / 13);
    expect(renderTemplate(escapeTemplateText(text), {}).text).toBe(text);
  });

  it('renders deeply nested values only as deep as the path', () => {
    let deep: Record<string, unknown> = { leaf: 'found' };
    for (let i = 0; i < 10_000; i++) deep = { n: deep };
    expect(renderTemplate('{{n.n.n}}', deep, { onMissing: 'empty' })).toEqual({
      text: '',
      missing: ['n.n.n'],
    });
  });
});
