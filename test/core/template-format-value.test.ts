import { describe, expect, it } from 'vitest';
import { formatTemplateValue, renderTemplate } from '../../src/core/template';

describe('formatTemplateValue', () => {
  it.each([
    ['Ada', 'Ada'],
    ['  spaced  ', '  spaced  '],
    ['undefined', 'undefined'],
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-3.5, '-3.5'],
    [1e21, '1e+21'],
    [true, 'true'],
    [false, 'false'],
    [12345678901234567890n, '12345678901234567890'],
    [0n, '0'],
    [new Date(Date.UTC(2026, 2, 14, 9, 30)), '2026-03-14T09:30:00.000Z'],
    [['Mon', 'Tue'], 'Mon, Tue'],
    [[1, true, 'x', 2n], '1, true, x, 2'],
    [[new Date(0)], '1970-01-01T00:00:00.000Z'],
    [['only'], 'only'],
  ])('%s -> %s', (value, text) => {
    expect(formatTemplateValue(value)).toBe(text);
  });

  it.each([
    ['the empty string', ''],
    ['undefined', undefined],
    ['null', null],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['an invalid Date', new Date('not a date')],
    ['a plain object', { a: 1 }],
    ['an object with its own toString', { toString: () => 'sneaky' }],
    ['an empty list', []],
    ['a list with a null', ['a', null]],
    ['a list with an object', ['a', {}]],
    ['a nested list', [['a']]],
    ['a list with an empty string', ['a', '']],
    ['a sparse list', Object.assign([], { 1: 'a' })],
    ['a function', () => 'x'],
    ['a symbol', Symbol('x')],
    ['a boxed string', Object('boxed')],
    ['a Map', new Map([['a', 1]])],
  ])('%s is missing', (_label, value) => {
    expect(formatTemplateValue(value)).toBeUndefined();
  });

  it('stops at the first unusable item of a huge sparse list', () => {
    const list: unknown[] = [];
    list.length = 2 ** 32 - 1;
    expect(formatTemplateValue(list)).toBeUndefined();
  });

  it('ignores an overridden toISOString on a Date', () => {
    const date = new Date(0);
    date.toISOString = () => 'hacked';
    expect(formatTemplateValue(date)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('is what render uses, so a value that counts as missing takes the fallback', () => {
    const values = { nan: Number.NaN, obj: { a: 1 }, list: ['x', 'y'], when: new Date(0), big: 5n };
    expect(
      renderTemplate('{{nan | "?"}} {{obj | "?"}} {{list}} {{when}} {{big}}', values, { onMissing: 'error' })
        .text,
    ).toBe('? ? x, y 1970-01-01T00:00:00.000Z 5');
  });
});
