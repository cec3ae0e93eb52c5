import { parseSendSmsNodeData, type SmsTemplate, smsTemplateSchema, validateFlow } from '../../src/core';
import { buildFlow, stepCatalog } from './flow-fixtures';

const template: SmsTemplate = {
  id: 'reminder',
  title: 'Reminder',
  body: 'Hi {{first_name}}',
  senders: { live: '+14155550100' },
};

const bodyIssues = (body: string) =>
  smsTemplateSchema.safeParse({ ...template, body }).error?.issues.map((issue) => issue.message) ?? [];
const titleIssues = (title: string) =>
  smsTemplateSchema.safeParse({ ...template, title }).error?.issues.map((issue) => issue.message) ?? [];

describe('template limits count characters, as the reference and the preview do', () => {
  // Max 500 characters for a body and 100 for a title (polyai-sms-overview.md).
  it.each<[string, string, number]>([
    ['plain letters', 'a', 1],
    ['emoji (two UTF-16 units each)', '😀', 1],
    ['family emoji (seven code points each)', '👨‍👩‍👧‍👦', 1],
    ['flags', '🇬🇧', 1],
    ['thumbs up with a skin tone', '👍🏽', 1],
    ['letters with a combining accent', 'e\u0301', 1],
    ['CR LF line breaks', 'a\r\n', 2],
  ])('%s: exactly 500 characters is a valid body, 501 is refused', (_, unit, perUnit) => {
    const at = unit.repeat(500 / perUnit);
    expect(bodyIssues(at)).toEqual([]);
    expect(bodyIssues(`${at}b`)).toEqual(['must be at most 500 characters']);
  });

  it.each(['a', '😀', '👨‍👩‍👧‍👦', 'e\u0301'])(
    'a title of 100 × %s is valid, one more character is refused',
    (unit) => {
      expect(titleIssues(unit.repeat(100))).toEqual([]);
      expect(titleIssues(`${unit.repeat(100)}b`)).toEqual(['must be at most 100 characters']);
    },
  );

  it('holds inline node bodies to the same limit', () => {
    const data = (body: string) => ({
      message: { body },
      consent: { mode: 'not-required', reason: 'The caller asked for it' },
    });
    expect(parseSendSmsNodeData(data('😀'.repeat(500))).message).toEqual({ body: '😀'.repeat(500) });
    expect(() => parseSendSmsNodeData(data('😀'.repeat(501)))).toThrow(
      'message.body must be at most 500 characters',
    );
  });
});

describe('a body of nothing but spaces and line breaks', () => {
  it.each(['   ', '\n\n', ' \t\r\n ', '\u00a0'])('is refused as blank: %j', (body) => {
    expect(bodyIssues(body)).toEqual(['must not be blank: write the message']);
  });

  it('is reported by validateFlow on the node, which otherwise would fail at every run', () => {
    const flow = buildFlow('start->sms sms:sent->done sms:opted_out->done sms:failed->done', {
      sms: {
        type: 'sendSms',
        data: { message: { body: '  \n ' }, consent: { mode: 'not-required', reason: 'Asked for it' } },
      },
    });
    const diagnostics = validateFlow(flow, {
      catalog: stepCatalog,
      templates: [],
      environment: 'live',
      senders: { live: '+14155550100' },
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'invalid-node-data',
        field: 'message.body',
        message: 'The field "Message" must not be blank: write the message.',
      }),
    ]);
  });

  it('still counts an empty body as empty, once', () => {
    expect(bodyIssues('')).toEqual(['must not be empty']);
  });
});
