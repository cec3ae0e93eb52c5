// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { compileTemplate, renderTemplate } from '../../src/core/template';

const render = (body: string, values: Record<string, unknown>, onMissing?: 'keep' | 'empty' | 'error') =>
  renderTemplate(body, values, onMissing === undefined ? undefined : { onMissing });

describe('renderTemplate: looking values up', () => {
  it.each([
    ['Hi {{first_name}}!', { first_name: 'Ada' }, 'Hi Ada!'],
    ['Hi {{caller.first_name}}!', { caller: { first_name: 'Ada' } }, 'Hi Ada!'],
    ['Hi {{caller.first_name}}!', { 'caller.first_name': 'Ada' }, 'Hi Ada!'],
    ['{{a.b.c}}', { a: { b: { c: 'deep' } } }, 'deep'],
    ['Hi <customer_name>', { customer_name: 'Ada' }, 'Hi Ada'],
    ['At ${property_name}', { property_name: 'Hotel X' }, 'At Hotel X'],
    ['On {{entity:booking_date}}', { booking_date: 'Friday' }, 'On Friday'],
    ['Code {{vrbl:CONFIRMATION_CODE}}', { CONFIRMATION_CODE: 'AB12' }, 'Code AB12'],
    ['{{x}}{{x}}<x>${x}', { x: 'y' }, 'yyyy'],
    ['{{n}} items', { n: 3 }, '3 items'],
  ])('%j with %j -> %j', (body, values, text) => {
    expect(render(body, values)).toEqual({ text, missing: [] });
  });

  it('prefers an exact flat key over the nested path when both hold a value', () => {
    expect(render('{{caller.name}}', { 'caller.name': 'flat', caller: { name: 'nested' } }).text).toBe(
      'flat',
    );
  });

  it('falls back to the nested path when the flat key holds no usable value', () => {
    expect(render('{{caller.name}}', { 'caller.name': '', caller: { name: 'nested' } }).text).toBe('nested');
  });

  it('does not treat a string or number as something to walk into', () => {
    expect(render('{{name.length}} {{n.toFixed}}', { name: 'Ada', n: 5 }, 'empty')).toEqual({
      text: ' ',
      missing: ['name.length', 'n.toFixed'],
    });
  });
});

describe('renderTemplate: own properties only', () => {
  it.each([
    '{{__proto__}}',
    '{{constructor}}',
    '{{constructor.name}}',
    '{{constructor.constructor}}',
    '{{prototype}}',
    '{{toString}}',
    '{{hasOwnProperty}}',
    '{{valueOf}}',
    '{{a.__proto__}}',
    '{{a.constructor.name}}',
    '{{a.toString}}',
    '<constructor>',
    '${__proto__}',
  ])('%s is missing in an ordinary values object', (body) => {
    expect(render(body, { a: { b: 1 } }, 'empty')).toEqual({
      text: '',
      missing: [body.replace(/[{}<>$]/g, '')],
    });
  });

  it('never reads inherited members', () => {
    const values = Object.create({ inherited: 'secret', nested: { x: 'secret' } }) as Record<string, unknown>;
    values.own = 'mine';
    // Object.create(proto) is not a plain object, so wrap it one level down.
    expect(render('{{v.own}} {{v.inherited}} {{v.nested.x}}', { v: values }, 'empty')).toEqual({
      text: 'mine  ',
      missing: ['v.inherited', 'v.nested.x'],
    });
  });

  it('never reaches reserved names even when they are own properties', () => {
    const values = JSON.parse(
      '{"__proto__": "p", "constructor": "c", "prototype": "t", "a": {"__proto__": {"x": "y"}}}',
    );
    expect(render('{{__proto__}}{{constructor}}{{prototype}}{{a.__proto__.x}}', values, 'empty')).toEqual({
      text: '',
      missing: ['__proto__', 'constructor', 'prototype', 'a.__proto__.x'],
    });
  });

  it('does not invoke getters', () => {
    let calls = 0;
    const values: Record<string, unknown> = {};
    Object.defineProperty(values, 'name', {
      enumerable: true,
      get() {
        calls++;
        return 'from getter';
      },
    });
    expect(render('{{name}}', values, 'empty')).toEqual({ text: '', missing: ['name'] });
    expect(calls).toBe(0);
  });

  it('accepts values with a null prototype', () => {
    const values = Object.assign(Object.create(null), { name: 'Ada' });
    expect(render('{{name}}', values).text).toBe('Ada');
  });
});

describe('renderTemplate: fallbacks and onMissing', () => {
  it.each([
    ['Hi {{first_name | "there"}}', {}, 'Hi there', []],
    ['Hi {{first_name | "there"}}', { first_name: 'Ada' }, 'Hi Ada', []],
    ['Hi {{first_name | "there"}}', { first_name: '' }, 'Hi there', []],
    ['Hi {{first_name | "there"}}', { first_name: null }, 'Hi there', []],
    ['Hi {{first_name | "there"}}', { first_name: { a: 1 } }, 'Hi there', []],
    ['Hi{{first_name | ""}}!', {}, 'Hi!', []],
    ['{{a | "x"}} {{a}}', {}, 'x {{a}}', ['a']],
  ])('%j with %j -> %j, missing %j', (body, values, text, missing) => {
    expect(render(body, values)).toEqual({ text, missing });
  });

  it.each([
    ['keep', 'Hi {{first_name}}, <code> ${code} {{vrbl:code}} {{ first_name }}.'],
    ['empty', 'Hi ,    .'],
  ] as const)('onMissing %s', (onMissing, text) => {
    const body = 'Hi {{first_name}}, <code> ${code} {{vrbl:code}} {{ first_name }}.';
    expect(render(body, {}, onMissing)).toEqual({ text, missing: ['first_name', 'code'] });
  });

  it('keeps tokens as written by default', () => {
    expect(renderTemplate('Hi {{ name }} <x>', {})).toEqual({
      text: 'Hi {{ name }} <x>',
      missing: ['name', 'x'],
    });
  });

  it("onMissing 'error' throws missing_inputs naming every missing input", () => {
    const act = () => render('{{a}} {{b | "fine"}} {{c.d}} {{a}} <e>', { c: {} }, 'error');
    expect(act).toThrow(FlowSmsError);
    expect(act).toThrow(/a, c\.d, e/);
    try {
      act();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'missing_inputs',
        field: 'values',
        details: { missing: ['a', 'c.d', 'e'] },
      });
    }
  });

  it("onMissing 'error' says what to do for a single input", () => {
    expect(() => render('{{code}}', {}, 'error')).toThrow(
      /Missing value for template input code: provide it in values, or give the token a fallback/,
    );
  });

  it("onMissing 'error' renders normally when nothing is missing", () => {
    expect(render('{{a}} {{b | "x"}}', { a: 1 }, 'error')).toEqual({ text: '1 x', missing: [] });
  });
});

describe('renderTemplate: escapes and syntax errors', () => {
  it.each([
    ['Write \\{{name}} to insert a name', 'Write {{name}} to insert a name'],
    ['\\\\{{name}}', '\\Ada'],
    ['\\<name> and <name>', '<name> and Ada'],
    ['\\${name} and ${name}', '${name} and Ada'],
    ['Price $5 <3 a < b C:\\dir', 'Price $5 <3 a < b C:\\dir'],
    ['{{}} {{bad name}} {{name | x}} {{name', '{{}} {{bad name}} {{name | x}} {{name'],
    ['{{}} then {{name}}', '{{}} then Ada'],
  ])('%j -> %j', (body, text) => {
    expect(render(body, { name: 'Ada', 'bad name': 'no' }, 'error')).toEqual({ text, missing: [] });
  });
});

describe('compileTemplate', () => {
  it('parses once and renders many times', () => {
    const template = compileTemplate('Hi {{first_name | "there"}}, code <code>');
    expect(template.inputs).toEqual(['first_name', 'code']);
    expect(template.errors).toEqual([]);
    expect(template.parts).toHaveLength(4);
    expect(template.render({ first_name: 'Ada', code: 'X1' })).toEqual({
      text: 'Hi Ada, code X1',
      missing: [],
    });
    expect(template.render({ code: 7 })).toEqual({ text: 'Hi there, code 7', missing: [] });
    expect(template.render({}, { onMissing: 'empty' })).toEqual({
      text: 'Hi there, code ',
      missing: ['code'],
    });
  });

  it('exposes syntax errors with offsets', () => {
    expect(compileTemplate('ok {{}}').errors).toEqual([
      expect.objectContaining({ code: 'empty', start: 3, end: 7 }),
    ]);
  });

  it('cannot be changed after compiling', () => {
    const template = compileTemplate('{{a}}');
    expect(() => {
      (template.parts as unknown[]).push({ type: 'text', text: 'x', start: 0, end: 1 });
    }).toThrow(TypeError);
    expect(() => {
      (template.parts[0] as { name: string }).name = 'b';
    }).toThrow(TypeError);
    expect(template.render({ a: 'A', b: 'B' }).text).toBe('A');
  });

  it('rejects a body that is not a string', () => {
    expect(() => compileTemplate(null as never)).toThrow(/body must be a string/);
  });
});

describe('argument checks', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['name=Ada', 'a string'],
    [['Ada'], 'a list'],
    [new Map([['name', 'Ada']]), 'an object'],
    [new Date(), 'an object'],
  ])('values %j throws a FlowSmsError naming values', (values, described) => {
    const act = () => renderTemplate('{{name}}', values as never);
    expect(act).toThrow(FlowSmsError);
    expect(act).toThrow(new RegExp(`values must be a plain object .* got ${described}`));
    expect(() => compileTemplate('{{name}}').render(values as never)).toThrow(
      /values must be a plain object/,
    );
  });

  it.each([
    [{ onMissing: 'skip' }, /onMissing/],
    [{ onmissing: 'empty' }, /onmissing/],
    ['keep', /render options/],
  ])('options %j throws a FlowSmsError naming the option', (options, pattern) => {
    const act = () => renderTemplate('{{name}}', {}, options as never);
    expect(act).toThrow(FlowSmsError);
    expect(act).toThrow(pattern);
  });

  it('rejects a non-string body before anything else', () => {
    expect(() => renderTemplate(undefined as never, {})).toThrow(/body must be a string/);
  });
});
