import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import {
  classifyConsentReply,
  classifyKeyword,
  KEYWORD_REPLIES,
  KEYWORD_VARIANTS,
  normalizeKeywordText,
} from '../../src/core/keywords';
import { SMS_REPLY_NO, SMS_REPLY_YES } from '../../src/core/schemas/consent';

describe('classifyKeyword', () => {
  // polyai-sms-overview.md: "`stop`, `STOP.`, and `  Stop!  ` are all treated as `STOP`."
  it.each(['stop', 'STOP.', '  Stop!  '])('the reference example %j is STOP', (text) => {
    expect(classifyKeyword(text)).toBe('STOP');
  });

  it.each([
    ['STOP', 'STOP'],
    ['STOPALL', 'STOP'],
    ['UNSUBSCRIBE', 'STOP'],
    ['CANCEL', 'STOP'],
    ['END', 'STOP'],
    ['QUIT', 'STOP'],
    ['START', 'START'],
    ['YES', 'START'],
    ['UNSTOP', 'START'],
    ['HELP', 'HELP'],
  ] as const)('the documented variant %s is %s', (word, keyword) => {
    expect(classifyKeyword(word)).toBe(keyword);
  });

  it.each([
    ['REVOKE', 'STOP'],
    ['OPTOUT', 'STOP'],
    ['INFO', 'HELP'],
  ] as const)("Twilio's opt-out word %s is %s too", (word, keyword) => {
    expect(classifyKeyword(word)).toBe(keyword);
  });

  it.each(['stop', 'Stop', 'sToP', 'STOP', 'unsubscribe', 'Help', 'yes'])('ignores case: %j', (text) => {
    expect(classifyKeyword(text)).not.toBeNull();
  });

  it.each(['stop', ' stop', 'stop ', '\tstop\n', '\u00a0stop\u00a0', '\r\nSTOP\r\n'])(
    'ignores surrounding whitespace: %j',
    (text) => {
      expect(classifyKeyword(text)).toBe('STOP');
    },
  );

  it.each(['.', '!', '?', ',', ';'])('ignores one trailing %j', (mark) => {
    expect(classifyKeyword(`stop${mark}`)).toBe('STOP');
    expect(classifyKeyword(`  help${mark}  `)).toBe('HELP');
  });

  it.each([
    ['two trailing punctuation characters', 'stop!!'],
    ['two different trailing punctuation characters', 'stop?!'],
    ['a trailing character outside the list', 'stop:'],
    ['a trailing ellipsis character', 'stop…'],
    ['a trailing emoji', 'stop 🛑'],
    ['leading punctuation', '!stop'],
    ['a multi-word message', 'stop please'],
    ['a keyword inside a sentence', 'please stop'],
    ['two keywords', 'stop stop'],
    ['a keyword with a typo', 'stopp'],
    ['a keyword glued to another word', 'stopnow'],
    ['a hyphenated variant', 'opt-out'],
    ['a two-word opt-out', 'opt out'],
    ['an empty message', ''],
    ['whitespace only', '   '],
    ['punctuation only', '!'],
  ])('%s is not a keyword: %j', (_name, text) => {
    expect(classifyKeyword(text)).toBeNull();
  });

  it('keeps whitespace left between the word and its one punctuation mark out of the way', () => {
    expect(classifyKeyword('stop !')).toBe('STOP');
  });

  it('refuses a non-string, naming the field', () => {
    expect(() => classifyKeyword(undefined as unknown as string)).toThrow(FlowSmsError);
    expect(() => classifyKeyword(42 as unknown as string)).toThrow(
      /Reply text must be a string \(got number\)/,
    );
  });

  it('every variant, in any case, with any surrounding whitespace and one trailing mark, is its keyword', () => {
    const variants = Object.entries(KEYWORD_VARIANTS).flatMap(([keyword, words]) =>
      words.map((w) => [keyword, w]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...variants),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.constantFrom('', ' ', '  ', '\t', '\n'),
        fc.constantFrom('', '.', '!', '?', ',', ';'),
        fc.constantFrom('', ' ', '\n'),
        ([keyword, word], upper, before, mark, after) => {
          const cased = [...word!].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
          expect(classifyKeyword(`${before}${cased}${mark}${after}`)).toBe(keyword);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('KEYWORD_VARIANTS', () => {
  it('holds the documented lists plus REVOKE, OPTOUT and INFO', () => {
    expect(KEYWORD_VARIANTS).toEqual({
      STOP: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
      START: ['START', 'YES', 'UNSTOP'],
      HELP: ['HELP', 'INFO'],
    });
  });
});

describe('KEYWORD_REPLIES', () => {
  it('are the default replies of polyai-sms-overview.md, word for word', () => {
    expect(KEYWORD_REPLIES).toEqual({
      STOP: 'You have been unsubscribed and will not receive further messages. Reply START to resubscribe.',
      START: 'You have been resubscribed and will receive messages again.',
      HELP: 'Reply STOP to unsubscribe or START to resubscribe.',
    });
  });
});

describe('normalizeKeywordText', () => {
  it.each([
    ['  Stop!  ', 'stop'],
    ['STOP.', 'stop'],
    ['stop!!', 'stop!'],
    ['Yes please.', 'yes please'],
    ['', ''],
    ['?', ''],
  ])('%j -> %j', (text, normalised) => {
    expect(normalizeKeywordText(text)).toBe(normalised);
  });
});

describe('classifyConsentReply', () => {
  it.each(SMS_REPLY_YES)('%j is yes', (word) => {
    expect(classifyConsentReply(word)).toBe('yes');
    expect(classifyConsentReply(`  ${word.toUpperCase()}!  `)).toBe('yes');
  });

  it.each(SMS_REPLY_NO)('%j is no', (word) => {
    expect(classifyConsentReply(word)).toBe('no');
    expect(classifyConsentReply(`${word[0]!.toUpperCase()}${word.slice(1)}.`)).toBe('no');
  });

  it.each(['maybe', 'yes please', 'no thanks', 'yes!!', 'stop', '', '👍'])('%j is neither', (text) => {
    expect(classifyConsentReply(text)).toBeNull();
  });

  it('refuses a non-string', () => {
    expect(() => classifyConsentReply(null as unknown as string)).toThrow(
      /Reply text must be a string \(got null\)/,
    );
  });
});
