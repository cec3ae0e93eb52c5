import { type InputSource, OPT_OUT_FOOTER, parseTemplate } from '../../src/core';
import { messageLengthBounds } from '../../src/core/flow/message-length';

const lengths: Record<string, number> = { 'caller.first_name': 40, 'order.id': 8 };

function bounds(body: string, inputs: Record<string, InputSource>, footer = false) {
  return messageLengthBounds(parseTemplate(body).parts, inputs, (path) => lengths[path], footer);
}

describe('messageLengthBounds', () => {
  it.each<[string, string, Record<string, InputSource>, { min: number; max: number; growing: string[] }]>([
    ['plain text', 'Thanks for calling!', {}, { min: 19, max: 19, growing: [] }],
    ['an escaped brace counts as what it renders', 'a \\{{b', {}, { min: 5, max: 5, growing: [] }],
    [
      'a fixed value counts exactly',
      'Code {{code}}',
      { code: { kind: 'fixed', value: '123456' } },
      { min: 11, max: 11, growing: [] },
    ],
    [
      'an empty fixed value shows the token fallback',
      'Hi {{name | "there"}}',
      { name: { kind: 'fixed', value: '' } },
      { min: 8, max: 8, growing: [] },
    ],
    [
      'a variable counts from nothing up to its declared length',
      'Hi {{name}}',
      { name: { kind: 'variable', path: 'caller.first_name' } },
      { min: 3, max: 43, growing: ['caller.first_name'] },
    ],
    [
      'a fallback longer than the variable raises the maximum',
      'Order {{id}}',
      { id: { kind: 'variable', path: 'order.id', fallback: 'not yet assigned' } },
      { min: 6, max: 22, growing: ['order.id'] },
    ],
    [
      'a variable of unknown length adds only its fallbacks',
      'Note: {{note | "none"}}',
      { note: { kind: 'variable', path: 'notes' } },
      { min: 6, max: 10, growing: [] },
    ],
    [
      'each occurrence of a token counts',
      '{{x}}{{x}}',
      { x: { kind: 'fixed', value: 'abc' } },
      { min: 6, max: 6, growing: [] },
    ],
    ['an emoji counts as two units, as Twilio counts it', 'Hi 👋', {}, { min: 5, max: 5, growing: [] }],
  ])('%s', (_name, body, inputs, expected) => {
    expect(bounds(body, inputs)).toEqual(expected);
  });

  it('adds the opt-out footer and its separator', () => {
    expect(bounds('Hello', {}, true)).toEqual({
      min: 6 + OPT_OUT_FOOTER.length,
      max: 6 + OPT_OUT_FOOTER.length,
      growing: [],
    });
  });
});
