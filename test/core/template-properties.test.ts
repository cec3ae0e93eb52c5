// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVariablePath } from '../../src/core/names';
import {
  escapeTemplateText,
  formatTemplateValue,
  parseTemplate,
  renderTemplate,
  toCanonicalTemplate,
} from '../../src/core/template';
import { scanPath } from '../../src/core/template/path-scan';

/** Characters that make up tokens, escapes and near-misses, mixed with ordinary text. */
const trickyChar = fc.constantFrom(
  '{',
  '}',
  '<',
  '>',
  '$',
  '\\',
  '|',
  '"',
  "'",
  ':',
  '.',
  ' ',
  '\n',
  'a',
  'b',
  '_',
  '1',
  'é',
  '😀',
);
const trickyText = fc.string({ unit: trickyChar, maxLength: 60 });

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}(\.[a-z_][a-z0-9_]{0,4}){0,2}$/);
const token = fc.oneof(
  name.map((n) => `{{${n}}}`),
  fc
    .tuple(name, fc.string({ unit: fc.constantFrom('a', ' ', 'x', '-'), maxLength: 8 }))
    .map(([n, f]) => `{{ ${n} | "${f}" }}`),
  name.map((n) => `<${n}>`),
  name.map((n) => `\${${n}}`),
  name.map((n) => `{{entity:${n}}}`),
  name.map((n) => `{{vrbl:${n}}}`),
);
/** Text that cannot form a token or an escape and cannot spell "undefined" or "[object Object]". */
const safeText = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', ',', '!', '\n', '}', '>', '😀'),
  maxLength: 12,
});
const templateBody = fc
  .array(
    fc.oneof(
      safeText,
      token,
      trickyText.filter((t) => !/undefined|object/.test(t)),
    ),
    { maxLength: 8 },
  )
  .map((pieces) => pieces.join(''));

const anyValue = fc.oneof(
  fc.string().filter((s) => !s.includes('undefined') && !s.includes('[object')),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.bigInt(),
  fc.date(),
  fc.constant(null),
  fc.constant(undefined),
  fc.object(),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.object(), fc.string({ maxLength: 3 }))),
  fc.func(fc.integer()),
  fc.constant(Symbol('s')),
);
const valuesFor = (names: string[]) =>
  fc.record(Object.fromEntries(names.map((n) => [n, anyValue])), { requiredKeys: [] });

describe('template properties', () => {
  it('parts cover any body exactly: contiguous offsets, concatenation equals the body', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, templateBody, fc.string({ unit: 'binary' })), (body) => {
        const { parts, errors } = parseTemplate(body);
        let offset = 0;
        for (const part of parts) {
          expect(part.start).toBe(offset);
          expect(part.end).toBeGreaterThan(part.start);
          expect(body.slice(part.start, part.end)).toBe(part.type === 'text' ? part.text : part.raw);
          offset = part.end;
        }
        expect(offset).toBe(body.length);
        for (const error of errors) expect(body.slice(error.start, error.end).startsWith('{{')).toBe(true);
      }),
    );
  });

  it('text without token openers renders to itself', () => {
    const noOpeners = fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !/\{\{|\$\{|</.test(s));
    fc.assert(
      fc.property(noOpeners, (text) => {
        expect(renderTemplate(text, {}, { onMissing: 'error' })).toEqual({ text, missing: [] });
      }),
    );
  });

  it('text that parses without tokens, escapes or errors renders to itself', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const { parts, errors } = parseTemplate(text);
        fc.pre(
          errors.length === 0 && parts.every((part) => part.type === 'text' && part.value === undefined),
        );
        expect(renderTemplate(text, {}, { onMissing: 'error' }).text).toBe(text);
      }),
    );
  });

  it('any text, escaped, renders to itself and holds no tokens', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, templateBody, fc.string({ unit: 'binary' })), (text) => {
        const escaped = escapeTemplateText(text);
        const parsed = parseTemplate(escaped);
        expect(parsed.errors).toEqual([]);
        expect(parsed.parts.every((part) => part.type === 'text')).toBe(true);
        expect(renderTemplate(escaped, {}, { onMissing: 'error' }).text).toBe(text);
      }),
    );
  });

  it('rendering never yields "undefined" or "[object Object]"', () => {
    const bodyAndValues = templateBody.chain((body) => {
      const names = parseTemplate(body)
        .parts.flatMap((part) => (part.type === 'token' ? [part.name, part.name.split('.')[0]!] : []))
        .filter((n, i, all) => all.indexOf(n) === i);
      return fc.tuple(
        fc.constant(body),
        valuesFor(names),
        fc.constantFrom('keep', 'empty') as fc.Arbitrary<'keep' | 'empty'>,
      );
    });
    fc.assert(
      fc.property(bodyAndValues, ([body, values, onMissing]) => {
        const { text } = renderTemplate(body, values, { onMissing });
        expect(text).not.toContain('undefined');
        expect(text).not.toContain('[object Object]');
        expect(text).not.toContain('NaN');
      }),
    );
  });

  it('formatTemplateValue never returns the empty string, "undefined" or "[object Object]"', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withBigInt: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
        }),
        (value) => {
          const text = formatTemplateValue(value);
          if (text === undefined) return;
          expect(text).not.toBe('');
          if (typeof value !== 'string') {
            expect(text).not.toContain('undefined');
            expect(text).not.toContain('[object Object]');
          }
        },
      ),
    );
  });

  it('the missing list names exactly the tokens without a value or fallback, once each', () => {
    fc.assert(
      fc.property(templateBody, fc.dictionary(name, fc.constantFrom('v', '', null)), (body, values) => {
        const { missing } = renderTemplate(body, values);
        expect(new Set(missing).size).toBe(missing.length);
        const expected = parseTemplate(body)
          .parts.filter(
            (part) => part.type === 'token' && part.fallback === undefined && values[part.name] !== 'v',
          )
          .map((part) => (part.type === 'token' ? part.name : ''));
        expect(missing).toEqual([...new Set(expected)]);
      }),
    );
  });

  it('canonicalising keeps inputs and rendering and leaves only {{ }} tokens that can be rewritten', () => {
    fc.assert(
      fc.property(templateBody, (body) => {
        const canonical = toCanonicalTemplate(body);
        const before = parseTemplate(body);
        const after = parseTemplate(canonical);
        const names = (parts: typeof before.parts) =>
          parts.flatMap((p) => (p.type === 'token' ? [p.name] : []));
        expect(names(after.parts)).toEqual(names(before.parts));
        expect(after.errors.map((e) => e.code)).toEqual(before.errors.map((e) => e.code));
        const values = Object.fromEntries(names(before.parts).map((n, i) => [n, `v${i}`]));
        expect(renderTemplate(canonical, values).text).toBe(renderTemplate(body, values).text);
        expect(toCanonicalTemplate(canonical)).toBe(canonical);
      }),
    );
  });

  it('the scanner reads variable paths exactly as the shared grammar defines them', () => {
    const pathish = fc.string({
      unit: fc.constantFrom('a', 'Z', '_', '0', '9', '.', '-', ' '),
      maxLength: 12,
    });
    fc.assert(
      fc.property(pathish, (text) => {
        expect(scanPath(text, 0) === text.length && text.length > 0).toBe(isVariablePath(text));
      }),
    );
  });
});
