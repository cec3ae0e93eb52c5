// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are template bodies, ${name} is the syntax under test
// Every token example from the product documents in /work/shared/reference, read the way those
// platforms read them.
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, templateInputs, toCanonicalTemplate } from '../../src/core/template';

describe('Synthflow post-call SMS: <name> placeholders', () => {
  const body = 'Hi <customer_name>, your appointment is confirmed for <appointment_date>.';

  it('defines the two inputs customer_name and appointment_date', () => {
    expect(templateInputs(body)).toEqual(['customer_name', 'appointment_date']);
    expect(parseTemplate(body).errors).toEqual([]);
  });

  it.each([
    ['<customer_name>', 'customer_name'],
    ['<confirmation_code>', 'confirmation_code'],
  ])('%s is the input %s', (token, name) => {
    expect(parseTemplate(token).parts).toEqual([
      { type: 'token', name, syntax: 'angle', raw: token, start: 0, end: token.length },
    ]);
  });

  it('renders with the mapped values', () => {
    expect(renderTemplate(body, { customer_name: 'Ada', appointment_date: 'May 2' }).text).toBe(
      'Hi Ada, your appointment is confirmed for May 2.',
    );
  });

  it('counts each distinct name once', () => {
    expect(templateInputs('<customer_name> <customer_name> <confirmation_code>')).toEqual([
      'customer_name',
      'confirmation_code',
    ]);
  });
});

describe('PolyAI SMS dynamic tokens', () => {
  const body =
    'Hi ${customer_name}, your reservation at ${property_name} is confirmed for {{entity:booking_date}}.';

  it.each([
    ['${attribute_name}', 'attribute_name', 'dollar'],
    ['${property_name}', 'property_name', 'dollar'],
    ['{{entity:entity_name}}', 'entity_name', 'entity'],
    ['{{entity:booking_date}}', 'booking_date', 'entity'],
    ['{{vrbl:VARIABLE_ID}}', 'VARIABLE_ID', 'vrbl'],
    ['{{vrbl:CONFIRMATION_CODE}}', 'CONFIRMATION_CODE', 'vrbl'],
  ])('%s is the input %s (%s)', (token, name, syntax) => {
    expect(parseTemplate(token).parts).toEqual([
      { type: 'token', name, syntax, raw: token, start: 0, end: token.length },
    ]);
  });

  it('reads the example body as three inputs with exact offsets', () => {
    const { parts, errors } = parseTemplate(body);
    expect(errors).toEqual([]);
    expect(parts.filter((part) => part.type === 'token')).toEqual([
      { type: 'token', name: 'customer_name', syntax: 'dollar', raw: '${customer_name}', start: 3, end: 19 },
      { type: 'token', name: 'property_name', syntax: 'dollar', raw: '${property_name}', start: 41, end: 57 },
      {
        type: 'token',
        name: 'booking_date',
        syntax: 'entity',
        raw: '{{entity:booking_date}}',
        start: 75,
        end: 98,
      },
    ]);
    expect(templateInputs(body)).toEqual(['customer_name', 'property_name', 'booking_date']);
  });

  it('renders the example body', () => {
    const values = {
      customer_name: 'Ada',
      property_name: 'Hotel Roma',
      booking_date: new Date(Date.UTC(2026, 4, 2)),
    };
    expect(renderTemplate(body, values, { onMissing: 'error' }).text).toBe(
      'Hi Ada, your reservation at Hotel Roma is confirmed for 2026-05-02T00:00:00.000Z.',
    );
  });

  it('rewrites the example body into canonical tokens', () => {
    expect(toCanonicalTemplate(body)).toBe(
      'Hi {{customer_name}}, your reservation at {{property_name}} is confirmed for {{booking_date}}.',
    );
  });

  it('reads a topic action reference such as {{SMS_template}} as a plain input', () => {
    expect(templateInputs('If they agree, call {{booking_confirmation_sms}}.')).toEqual([
      'booking_confirmation_sms',
    ]);
  });
});
