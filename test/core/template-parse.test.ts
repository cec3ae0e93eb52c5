// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import {
  parseTemplate,
  type TemplatePart,
  type TemplateToken,
  templateInputs,
} from '../../src/core/template';

const tokens = (body: string) =>
  parseTemplate(body).parts.filter((part): part is TemplateToken => part.type === 'token');

describe('parseTemplate: canonical {{ }} tokens', () => {
  it.each([
    ['{{first_name}}', 'first_name', undefined],
    ['{{caller.first_name}}', 'caller.first_name', undefined],
    ['{{ first_name }}', 'first_name', undefined],
    ['{{\tfirst_name\t}}', 'first_name', undefined],
    ['{{first_name | "there"}}', 'first_name', 'there'],
    ['{{first_name|"there"}}', 'first_name', 'there'],
    ['{{  first_name   |   "there"  }}', 'first_name', 'there'],
    ["{{first_name | 'there'}}", 'first_name', 'there'],
    ['{{first_name | ""}}', 'first_name', ''],
    ['{{name | "say \\"hi\\""}}', 'name', 'say "hi"'],
    ['{{name | "back\\\\slash"}}', 'name', 'back\\slash'],
    ['{{name | "C:\\path"}}', 'name', 'C:\\path'],
    ['{{name | "a | b"}}', 'name', 'a | b'],
    ['{{name | "it\'s"}}', 'name', "it's"],
    ['{{name | "{ } <b> ${x}"}}', 'name', '{ } <b> ${x}'],
    ['{{_private}}', '_private', undefined],
    ['{{A1.b_2.C}}', 'A1.b_2.C', undefined],
  ])('%s -> name %s, fallback %s', (body, name, fallback) => {
    const { parts, errors } = parseTemplate(body);
    expect(errors).toEqual([]);
    expect(parts).toEqual([
      {
        type: 'token',
        name,
        syntax: 'mustache',
        raw: body,
        start: 0,
        end: body.length,
        ...(fallback === undefined ? {} : { fallback }),
      },
    ]);
  });

  it('gives text and token parts with UTF-16 offsets into the body', () => {
    const body = 'Hi 👋 {{first_name}}, code {{code}}!';
    const parsed = parseTemplate(body);
    expect(parsed.parts).toEqual([
      { type: 'text', text: 'Hi 👋 ', start: 0, end: 6 },
      { type: 'token', name: 'first_name', syntax: 'mustache', raw: '{{first_name}}', start: 6, end: 20 },
      { type: 'text', text: ', code ', start: 20, end: 27 },
      { type: 'token', name: 'code', syntax: 'mustache', raw: '{{code}}', start: 27, end: 35 },
      { type: 'text', text: '!', start: 35, end: 36 },
    ]);
    for (const part of parsed.parts) {
      expect(body.slice(part.start, part.end)).toBe(part.type === 'text' ? part.text : part.raw);
    }
  });

  it('parses an empty body to no parts', () => {
    expect(parseTemplate('')).toEqual({ parts: [], errors: [] });
  });

  it('ends a token at its first "}}"', () => {
    expect(parseTemplate('{{a}}}').parts).toEqual([
      { type: 'token', name: 'a', syntax: 'mustache', raw: '{{a}}', start: 0, end: 5 },
      { type: 'text', text: '}', start: 5, end: 6 },
    ]);
  });
});

describe('parseTemplate: tokens pasted from other platforms', () => {
  it.each([
    ['<customer_name>', 'customer_name', 'angle'],
    ['<confirmation_code>', 'confirmation_code', 'angle'],
    ['<caller.first_name>', 'caller.first_name', 'angle'],
    ['${property_name}', 'property_name', 'dollar'],
    ['${caller.first_name}', 'caller.first_name', 'dollar'],
    ['{{entity:booking_date}}', 'booking_date', 'entity'],
    ['{{ entity : booking_date }}', 'booking_date', 'entity'],
    ['{{vrbl:CONFIRMATION_CODE}}', 'CONFIRMATION_CODE', 'vrbl'],
  ] as const)('%s -> input %s (%s)', (body, name, syntax) => {
    expect(parseTemplate(body)).toEqual({
      parts: [{ type: 'token', name, syntax, raw: body, start: 0, end: body.length }],
      errors: [],
    });
  });

  it('keeps a fallback on entity and vrbl tokens', () => {
    expect(tokens('{{entity:booking_date | "soon"}}')).toEqual([
      expect.objectContaining({ name: 'booking_date', syntax: 'entity', fallback: 'soon' }),
    ]);
  });

  it.each([
    'a < b',
    'a<b',
    '<3',
    'I <3 you',
    '$5',
    'costs $5.00',
    '$name',
    '${}',
    '${ name }',
    '${1abc}',
    '${a.}',
    '${name',
    '<>',
    '< name>',
    '<name >',
    '<1st>',
    '</b>',
    '<br/>',
    '<img src=x onerror=y>',
    '<%= x %>',
    '<a.>',
    '<a-b>',
    'a > b',
    '{single}',
    '{ {x} }',
    '}}',
    'x}}y',
    'email me at <john@example.com>',
    'C:\\path\\to',
    'ends with a backslash \\',
    '\\<3',
    '\\$5',
  ])('%j is plain text, not a token and not an error', (body) => {
    expect(parseTemplate(body)).toEqual({
      parts: [{ type: 'text', text: body, start: 0, end: body.length }],
      errors: [],
    });
  });
});

describe('parseTemplate: escapes', () => {
  it.each([
    ['\\{{name}}', '{{name}}'],
    ['\\{{', '{{'],
    ['\\{{ not a token', '{{ not a token'],
    ['a \\{{b}} c', 'a {{b}} c'],
    ['\\${name}', '${name}'],
    ['\\<name>', '<name>'],
    ['\\\\\\{{name}}', '\\{{name}}'],
    ['\\{{{name}}', '{{{name}}'],
  ])('%j is literal text rendering as %j', (body, value) => {
    const { parts, errors } = parseTemplate(body);
    expect(errors).toEqual([]);
    expect(parts).toEqual([{ type: 'text', text: body, value, start: 0, end: body.length }]);
  });

  it('lets two backslashes write one backslash before a real token', () => {
    expect(parseTemplate('\\\\{{name}}').parts).toEqual([
      { type: 'text', text: '\\\\', value: '\\', start: 0, end: 2 },
      { type: 'token', name: 'name', syntax: 'mustache', raw: '{{name}}', start: 2, end: 10 },
    ]);
    expect(tokens('\\\\<name>')).toEqual([
      expect.objectContaining({ name: 'name', syntax: 'angle', start: 2 }),
    ]);
  });

  it('leaves text parts without escapes free of a value field', () => {
    const [part] = parseTemplate('plain \\ text').parts as [TemplatePart];
    expect(part).toEqual({ type: 'text', text: 'plain \\ text', start: 0, end: 12 });
  });
});

describe('parseTemplate: syntax errors', () => {
  it.each([
    ['{{}}', 'empty', 0, 4],
    ['{{   }}', 'empty', 0, 7],
    ['{{ | "x"}}', 'empty', 0, 10],
    ['{{entity:}}', 'empty', 0, 11],
    ['{{vrbl: }}', 'empty', 0, 10],
    ['Hi {{first', 'unclosed', 3, 10],
    ['Hi {{first\nthere', 'unclosed', 3, 10],
    ['Hi {{first\r\nthere', 'unclosed', 3, 10],
    ['{{', 'unclosed', 0, 2],
    ['{{first name}}', 'invalid-name', 0, 14],
    ['{{1st}}', 'invalid-name', 0, 7],
    ['{{a..b}}', 'invalid-name', 0, 8],
    ['{{a.}}', 'invalid-name', 0, 6],
    ['{{first-name}}', 'invalid-name', 0, 14],
    ['{{naïve}}', 'invalid-name', 0, 9],
    ['{{{name}}}', 'invalid-name', 0, 9],
    ['{{other:name}}', 'invalid-name', 0, 14],
    ['{{Entity:name}}', 'invalid-name', 0, 15],
    ['{{entity:bad name}}', 'invalid-name', 0, 19],
    ['{{vrbl:a:b}}', 'invalid-name', 0, 12],
    ['{{constructor:x}}', 'invalid-name', 0, 17],
    ['{{name | there}}', 'invalid-fallback', 0, 16],
    ['{{name | }}', 'invalid-fallback', 0, 11],
    ['{{name |}}', 'invalid-fallback', 0, 10],
    ['{{name | "there}}', 'invalid-fallback', 0, 17],
    ['{{name | "a" "b"}}', 'invalid-fallback', 0, 18],
    ['{{name | "a" | "b"}}', 'invalid-fallback', 0, 20],
    ['{{name | "a\'}}', 'invalid-fallback', 0, 14],
  ] as const)('%j -> %s at [%i, %i)', (body, code, start, end) => {
    const { parts, errors } = parseTemplate(body);
    expect(errors).toEqual([{ code, message: expect.any(String), start, end }]);
    expect(parts.filter((part) => part.type === 'token')).toEqual([]);
  });

  it('stops an unclosed token at the next "{{" so the following token still parses', () => {
    const { parts, errors } = parseTemplate('Hi {{first, see {{code}}');
    expect(errors).toEqual([expect.objectContaining({ code: 'unclosed', start: 3, end: 16 })]);
    expect(parts).toEqual([
      { type: 'text', text: 'Hi {{first, see ', start: 0, end: 16 },
      { type: 'token', name: 'code', syntax: 'mustache', raw: '{{code}}', start: 16, end: 24 },
    ]);
  });

  it('keeps the erroneous span inside the surrounding text part', () => {
    expect(parseTemplate('a {{}} b').parts).toEqual([{ type: 'text', text: 'a {{}} b', start: 0, end: 8 }]);
  });

  it('reports every error in one pass, in order', () => {
    const { errors } = parseTemplate('{{}} {{a b}} {{x | y}} {{open');
    expect(errors.map((error) => error.code)).toEqual([
      'empty',
      'invalid-name',
      'invalid-fallback',
      'unclosed',
    ]);
  });

  it.each([
    ['{{}}', /put an input name between the braces/],
    ['{{first', /add "}}"/],
    ['{{first name}}', /cannot contain spaces \(try "first_name"\)/],
    ['{{1st}}', /letters, digits and underscores/],
    ['{{{name}}}', /^Too many braces before "name": write \{\{name\}\} with two on each side\.$/],
    ['{{other:name}}', /"other:" is not a recognised prefix/],
    ['{{name | there}}', /in quotes: write \| "there"/],
    ['{{name | "there}}', /missing its closing "/],
    ['{{name | }}', /add a quoted fallback/],
    ['{{entity:}}', /\{\{entity:booking_date\}\}/],
  ])('the message for %j says how to fix it', (body, pattern) => {
    expect(parseTemplate(body).errors[0]?.message).toMatch(pattern);
  });

  it.each([
    ['{{name | “there”}}', '“', '"there"'],
    ['{{name | ‘there’}}', '‘', '"there"'],
    ['{{name | „da“}}', '„', '"da"'],
    ['{{name | «là»}}', '«', '"là"'],
    ['{{name | “there"}}', '“', '"there"'],
    ['{{name | “say "hi"”}}', '“', '"say \\"hi\\""'],
  ])(
    'a fallback in typographic quotes, %j, is told to use straight ones, with the fix',
    (body, quote, fix) => {
      expect(parseTemplate(body).errors).toEqual([
        {
          code: 'invalid-fallback',
          message: `The fallback starts with ${quote} instead of a straight quote: write | ${fix}.`,
          start: 0,
          end: body.length,
        },
      ]);
      // The suggested fix parses, and its fallback is the text between the typographic quotes.
      const fixed = parseTemplate(`{{name | ${fix}}}`);
      expect(fixed.errors).toEqual([]);
      expect(fixed.parts[0]).toMatchObject({ type: 'token', name: 'name' });
    },
  );

  it.each([
    ['{{name | "there”}}', '”', '"'],
    ["{{name | 'there’}}", '’', "'"],
  ])(
    'a straight quote closed by a typographic one, %j, is told which quote to end with',
    (body, last, quote) => {
      expect(parseTemplate(body).errors[0]?.message).toBe(
        `The fallback ends with ${last} instead of a straight quote: end it with ${quote}, as it starts.`,
      );
    },
  );

  it('keeps typographic quotes inside a straight-quoted fallback as text', () => {
    expect(parseTemplate('{{name | "it’s “fine”"}}').parts[0]).toMatchObject({ fallback: 'it’s “fine”' });
  });

  it.each([
    ['{{name\u200b}}', '200B'],
    ['{{\ufeffname}}', 'FEFF'],
    ['{{na\u00adme}}', '00AD'],
    ['{{ name\u200d }}', '200D'],
  ])('a name holding an invisible character, %j, says so and which one', (body, code) => {
    expect(parseTemplate(body).errors[0]).toMatchObject({
      code: 'invalid-name',
      message: expect.stringMatching(
        new RegExp(`holds an invisible character \\(U\\+${code}\\), .*type it again as name\\.$`),
      ),
    });
  });

  it.each([
    ['{{\u00a0name\u00a0}}', 'name', undefined],
    ['{{\u3000name}}', 'name', undefined],
    ['{{entity:\u00a0booking_date}}', 'booking_date', undefined],
    ['{{name |\u00a0"there"\u00a0}}', 'name', 'there'],
  ])('no-break and other wide spaces around a name count as spaces: %j', (body, name, fallback) => {
    const { parts, errors } = parseTemplate(body);
    expect(errors).toEqual([]);
    expect(parts).toEqual([
      expect.objectContaining({ type: 'token', name, ...(fallback === undefined ? {} : { fallback }) }),
    ]);
  });

  it('a no-break space inside a name is a space in it', () => {
    expect(parseTemplate('{{first\u00a0name}}').errors[0]?.message).toMatch(
      /names cannot contain spaces \(try "first_name"\)/,
    );
  });

  it('keeps messages short even for a huge erroneous span', () => {
    const body = `{{${'x '.repeat(5000)}`;
    const [error] = parseTemplate(body).errors;
    expect(error).toMatchObject({ code: 'unclosed', start: 0, end: body.length });
    expect(error?.message.length).toBeLessThan(200);
  });
});

describe('templateInputs', () => {
  it.each([
    ['Hi {{first_name}}', ['first_name']],
    ['{{b}} {{a}} {{b}} {{a}}', ['b', 'a']],
    ['<name> ${name} {{entity:name}} {{vrbl:name}} {{ name | "x" }}', ['name']],
    ['{{vrbl:CODE}} {{code}}', ['CODE', 'code']],
    ['{{caller.first_name}} {{caller}}', ['caller.first_name', 'caller']],
    ['{{}} {{bad name}} \\{{escaped}} {{ok}}', ['ok']],
    ['no tokens here', []],
    ['', []],
  ])('%j -> %j', (body, inputs) => {
    expect(templateInputs(body)).toEqual(inputs);
  });
});

describe('argument checks', () => {
  it.each([undefined, null, 42, {}, ['{{a}}']])(
    'parseTemplate(%j) throws a FlowSmsError naming body',
    (body) => {
      expect(() => parseTemplate(body as never)).toThrow(FlowSmsError);
      expect(() => parseTemplate(body as never)).toThrow(/body must be a string/);
      try {
        parseTemplate(body as never);
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalid_input', field: 'body' });
      }
    },
  );

  it('templateInputs rejects a non-string body the same way', () => {
    expect(() => templateInputs(5 as never)).toThrow(
      /body must be a string \(the template text\), got a number/,
    );
  });
});
