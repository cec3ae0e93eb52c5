// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import {
  compileTemplate,
  formatTemplateValue,
  type OnMissing,
  parseTemplate,
  renderOptionsSchema,
  renderTemplate,
} from '../../src/core/template';

// The compiled renderer prepares paths, fallbacks and literals ahead of time and skips the options
// schema for common shapes. These tests hold it to the rules written out the plain way.

const RESERVED = ['__proto__', 'constructor', 'prototype'];

function ownData(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || !Object.hasOwn(container, key)) return undefined;
  return Object.getOwnPropertyDescriptor(container, key)?.value;
}

/** The lookup rules as documented: reserved names never resolve, a usable flat key wins, else the path. */
function expectedValue(values: Record<string, unknown>, name: string): string | undefined {
  const segments = name.split('.');
  if (segments.some((segment) => RESERVED.includes(segment))) return undefined;
  const flat = formatTemplateValue(ownData(values, name));
  if (flat !== undefined || segments.length === 1) return flat;
  let current: unknown = values;
  for (const segment of segments) current = ownData(current, segment);
  return formatTemplateValue(current);
}

function expectedRender(body: string, values: Record<string, unknown>, onMissing: OnMissing) {
  let text = '';
  const missing: string[] = [];
  for (const part of parseTemplate(body).parts) {
    if (part.type === 'text') {
      text += part.value ?? part.text;
      continue;
    }
    const value = expectedValue(values, part.name) ?? part.fallback;
    if (value !== undefined) {
      text += value;
      continue;
    }
    if (!missing.includes(part.name)) missing.push(part.name);
    if (onMissing === 'keep') text += part.raw;
  }
  return { text, missing };
}

// Mostly `a` and `b`, so names, nested keys and flat dotted keys (`values['a.b']`) often coincide.
const segment = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b'), weight: 4 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), weight: 1 },
);
const inputName = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const token = fc.oneof(
  inputName.map((n) => `{{${n}}}`),
  inputName.map((n) => `{{ ${n} | "fb" }}`),
  inputName.map((n) => `<${n}>`),
  inputName.map((n) => `\${${n}}`),
);
const text = fc.constantFrom('', 'Hi ', ', ', '\\{{x}}', '{{}}', 'a < b ', '$5 ', '😀');
const body = fc.array(fc.oneof(token, text), { maxLength: 8 }).map((pieces) => pieces.join(''));

const leaf = fc.oneof(
  fc.constantFrom('', 'x', 'Ada', null, undefined, 0, 7, Number.NaN, true, 12n),
  fc.constant(new Date(Date.UTC(2024, 0, 2))),
  fc.array(fc.constantFrom('Mon', 3, null), { maxLength: 3 }),
);

/**
 * A values object whose own data properties come from `entries`, plus perhaps a getter that must never
 * run and, below the top level (values themselves must be a plain object), an inherited member.
 */
function valuesObject(
  entries: Record<string, unknown>,
  getterKey: string | undefined,
  inheritedKey: string | undefined,
): Record<string, unknown> {
  const object = (inheritedKey === undefined ? {} : Object.create({ [inheritedKey]: 'inherited' })) as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(entries)) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (getterKey !== undefined) {
    Object.defineProperty(object, getterKey, {
      enumerable: true,
      get: () => {
        throw new Error(`getter ${getterKey} was invoked`);
      },
    });
  }
  return object;
}

const maybeSegment = fc.option(segment, { nil: undefined });
const nested = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc
    .tuple(
      fc.dictionary(fc.oneof(segment, inputName), fc.oneof({ maxDepth: 2 }, leaf, tie('node')), {
        maxKeys: 4,
      }),
      maybeSegment,
      maybeSegment,
    )
    .map(([entries, getterKey, inheritedKey]) => valuesObject(entries, getterKey, inheritedKey)),
})).node;
/** Values with nesting, flat dotted keys, getters, inherited members and own reserved keys. */
const values = fc
  .tuple(fc.dictionary(fc.oneof(segment, inputName), fc.oneof(leaf, nested), { maxKeys: 5 }), maybeSegment)
  .map(([entries, getterKey]) => valuesObject(entries, getterKey, undefined));

describe('compiled render', () => {
  it('renders exactly what the lookup, fallback and onMissing rules say, compiled or not', () => {
    fc.assert(
      fc.property(body, values, fc.constantFrom<OnMissing>('keep', 'empty'), (source, input, onMissing) => {
        const expected = expectedRender(source, input, onMissing);
        const template = compileTemplate(source);
        expect(template.render(input, { onMissing })).toEqual(expected);
        // A second render of the same program gives the same answer.
        expect(template.render(input, { onMissing })).toEqual(expected);
        expect(renderTemplate(source, input, { onMissing })).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('gives every render its own missing list', () => {
    const template = compileTemplate('Hi {{name}}');
    const first = template.render({});
    first.missing.push('changed by the caller');
    expect(template.render({})).toEqual({ text: 'Hi {{name}}', missing: ['name'] });
    const complete = template.render({ name: 'Ada' });
    complete.missing.push('changed by the caller');
    expect(template.render({ name: 'Ada' })).toEqual({ text: 'Hi Ada', missing: [] });
  });

  it('renders a template that is only tokens, or has no tokens at all', () => {
    expect(compileTemplate('{{a}}{{b}}<c>').render({ a: 1, b: 'x', c: true }).text).toBe('1xtrue');
    expect(compileTemplate('no tokens \\{{here}}').render({}).text).toBe('no tokens {{here}}');
  });
});

const optionShapes: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, 'keep', 3, [], ['empty']),
  fc.record(
    { onMissing: fc.constantFrom('keep', 'empty', 'error', 'skip', undefined, null, 1, 'KEEP') },
    { requiredKeys: [] },
  ),
  fc.record({ onMissing: fc.constantFrom('keep', 'empty'), other: fc.constant(1) }, { requiredKeys: [] }),
  fc.constantFrom('keep', 'empty').map((mode) => Object.create({ onMissing: mode }) as object),
  fc
    .constantFrom('keep', 'empty')
    .map((mode) => Object.assign(Object.create({ extra: true }) as object, { onMissing: mode })),
  fc
    .constantFrom('keep', 'empty')
    .map((mode) => Object.assign(Object.create(null) as object, { onMissing: mode })),
);

describe('render options', () => {
  it('accept and refuse exactly what the options schema does, whatever their shape', () => {
    fc.assert(
      fc.property(optionShapes, (options) => {
        const parsed = renderOptionsSchema.safeParse(options ?? {});
        const act = () => compileTemplate('{{a}}').render({}, options as never);
        if (!parsed.success) {
          expect(act).toThrow(FlowSmsError);
          expect(act).toThrow(/render options/);
          return;
        }
        if (parsed.data.onMissing === 'error') {
          expect(act).toThrow(/Missing value for template input a/);
          return;
        }
        expect(act().text).toBe(parsed.data.onMissing === 'keep' ? '{{a}}' : '');
      }),
    );
  });

  it('treat an onMissing left undefined as the default, keep', () => {
    expect(compileTemplate('{{a}}').render({}, { onMissing: undefined })).toEqual({
      text: '{{a}}',
      missing: ['a'],
    });
  });

  it('name an unknown option even next to a valid onMissing', () => {
    expect(() => compileTemplate('{{a}}').render({}, { onMissing: 'keep', mode: 'x' } as never)).toThrow(
      /render options.*mode/,
    );
  });
});
