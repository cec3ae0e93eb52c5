import { parseSendSmsNodeData, validateFlow } from '../../src/core';

const base = { message: { body: 'Hi' }, consent: { mode: 'not-required', reason: 'The caller asked' } };

function messageFor(data: Record<string, unknown>): string {
  try {
    parseSendSmsNodeData({ ...base, ...data });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the data to be refused');
}

describe('schema errors say what to write, in words', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a fraction where a whole number goes',
      { consent: { mode: 'sms-reply', question: 'Text you?', timeoutSeconds: 12.5 } },
      'consent.timeoutSeconds must be a whole number',
    ],
    [
      'a fraction where the schema has its own message',
      { consent: { mode: 'ask', question: 'Text you?', retries: 1.5 } },
      'consent.retries must be a whole number',
    ],
    [
      'text where an object goes',
      { inputs: { first_name: 'Ada' } },
      'inputs.first_name must be an object (got string)',
    ],
    ['a label over its limit', { label: 'x'.repeat(101) }, 'label must be at most 100 characters'],
    ['a trigger over its limit', { trigger: 'x'.repeat(501) }, 'trigger must be at most 500 characters'],
    ['an unknown timing', { timing: 'later' }, 'timing must be one of "during-call", "after-call"'],
    [
      'a phrase meaning both yes and no',
      { consent: { mode: 'ask', question: 'Text you?', yes: ['yes', 'No'], no: ['no', 'nope'] } },
      'consent.yes "No" is also a phrase meaning no: a phrase can mean only one answer, so remove it from one list; consent.no "no" is also a phrase meaning yes: a phrase can mean only one answer, so remove it from one list',
    ],
    [
      'an unknown consent mode',
      { consent: { mode: 'maybe' } },
      "consent.mode must be one of 'not-required', 'variable', 'ask', 'sms-reply'",
    ],
  ])('%s', (_, data, expected) => {
    expect(messageFor(data)).toBe(`Invalid Send SMS node data: ${expected}`);
  });
});

describe('the version of Send SMS node data', () => {
  it.each<[unknown, string]>([
    ['2', '"2"'],
    ['1', '"1"'],
    [null, 'null'],
  ])(
    'written as %j is refused as not a number, never as a version this flow-sms does not know',
    (version, shown) => {
      expect(() => parseSendSmsNodeData({ ...base, version })).toThrow(
        `Send SMS node data has version ${shown}, which is not a number: write version: 2 (a number, no quotes), or leave it out`,
      );
    },
  );

  it('names a newer version as one this flow-sms does not know', () => {
    expect(() => parseSendSmsNodeData({ ...base, version: 3 })).toThrow(
      'Send SMS node data has version 3; this flow-sms understands versions 1 to 2',
    );
  });
});

describe('the message of a Send SMS node', () => {
  it.each<[string, unknown, string]>([
    ['neither form', {}, 'message must be { templateId } (a saved template) or { body } (inline text)'],
    [
      'both forms',
      { templateId: 'welcome', body: 'Hi' },
      'message must be { templateId } (a saved template) or { body } (inline text), not both',
    ],
    [
      'a guessed field name',
      { text: 'Hi' },
      'message must be { templateId } (a saved template) or { body } (inline text), not { text }',
    ],
    ['a body that is not text', { body: 42 }, 'message body must be the message text, got a number'],
    ['a plain string', 'Hi', 'message must be { templateId } (a saved template) or { body } (inline text)'],
    [
      'an extra field',
      { templateId: 'welcome', lang: 'en' },
      'message has a field it does not take: "lang" (check the spelling, or remove it)',
    ],
  ])('%s is refused saying what to write', (_, message, expected) => {
    expect(messageFor({ message })).toBe(`Invalid Send SMS node data: ${expected}`);
  });
});

describe('a whole value left out', () => {
  it('says nothing was given and what to pass, where a field would have been named', () => {
    expect(() =>
      validateFlow(undefined as never, { catalog: {}, templates: [], environment: 'live' }),
    ).toThrow(/^Invalid flow: nothing was given \(undefined\): pass an object$/);
  });
});
