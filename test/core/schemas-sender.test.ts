import { senderSchema, smsTemplateSchema } from '../../src/core';

const issues = (sender: string) =>
  senderSchema.safeParse(sender).error?.issues.map((issue) => issue.message) ?? [];

describe('a sender that is neither form says what is wrong with it', () => {
  it.each<[string, string]>([
    ['MG123', "is not a Messaging Service SID: it has 3 characters after 'MG', where a SID has 32"],
    [
      `MG${'a'.repeat(33)}`,
      "is not a Messaging Service SID: it has 33 characters after 'MG', where a SID has 32",
    ],
    [`MG${'0'.repeat(31)}g`, 'is not a Messaging Service SID: "g" is not a hex character (0-9, a-f)'],
    [`mg${'a'.repeat(32)}`, "must start with a capital 'MG' to be a Messaging Service SID"],
    [
      `AC${'a'.repeat(32)}`,
      "is an Account SID, not a sender: use an E.164 phone number (+14155550123) or a Messaging Service SID ('MG' + 32 hex characters)",
    ],
    [
      `PN${'0'.repeat(32)}`,
      "is a phone number's SID, not a sender: use an E.164 phone number (+14155550123) or a Messaging Service SID ('MG' + 32 hex characters)",
    ],
    ['+1 415 555 0100', 'must be written without spaces or punctuation: +14155550100'],
    ['+44 (20) 7946-0958', 'must be written without spaces or punctuation: +442079460958'],
    [
      '(415) 555-0100',
      'must be an E.164 phone number, starting with + and the country code: +14155550123 (+1 for the US and Canada)',
    ],
    [
      'front desk',
      "must be an E.164 phone number (+14155550123) or a Messaging Service SID ('MG' + 32 hex characters)",
    ],
  ])('%j', (sender, message) => {
    expect(issues(sender)).toEqual([message]);
  });

  it('accepts both forms, trimmed', () => {
    const sid = `MG${'0123456789abcdef'.repeat(2)}`;
    expect(senderSchema.parse(' +14155550100 ')).toBe('+14155550100');
    expect(senderSchema.parse(`${sid}\n`)).toBe(sid);
  });

  it('names the field of a template', () => {
    const result = smsTemplateSchema.safeParse({
      id: 'a',
      title: 'A',
      body: 'Hi',
      senders: { live: '+14155550100', sandbox: 'MG123' },
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['senders', 'sandbox'],
        message: "is not a Messaging Service SID: it has 3 characters after 'MG', where a SID has 32",
      }),
    ]);
  });
});
