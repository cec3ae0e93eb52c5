import { FlowSmsError } from './errors';
import { SMS_REPLY_NO, SMS_REPLY_YES } from './schemas/consent';

export type ComplianceKeyword = 'STOP' | 'START' | 'HELP';

/**
 * Inbound words that act as a compliance keyword. The lists of polyai-sms-overview.md, plus the
 * words Twilio's own opt-out handling also honours (REVOKE and OPTOUT to stop, INFO for help), so
 * a recipient is never kept subscribed because of the provider we run on.
 */
export const KEYWORD_VARIANTS: Readonly<Record<ComplianceKeyword, readonly string[]>> = {
  STOP: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  START: ['START', 'YES', 'UNSTOP'],
  HELP: ['HELP', 'INFO'],
};

/** The default replies, word for word from polyai-sms-overview.md. */
export const KEYWORD_REPLIES: Readonly<Record<ComplianceKeyword, string>> = {
  STOP: 'You have been unsubscribed and will not receive further messages. Reply START to resubscribe.',
  START: 'You have been resubscribed and will receive messages again.',
  HELP: 'Reply STOP to unsubscribe or START to resubscribe.',
};

const KEYWORD_BY_WORD = new Map<string, ComplianceKeyword>(
  (Object.keys(KEYWORD_VARIANTS) as ComplianceKeyword[]).flatMap((keyword) =>
    KEYWORD_VARIANTS[keyword].map((word) => [word.toLowerCase(), keyword] as const),
  ),
);

const TRAILING_PUNCTUATION = new Set(['.', '!', '?', ',', ';']);

/**
 * The matching form of an inbound reply: surrounding whitespace removed, then ONE trailing
 * punctuation character (. ! ? , ;), then lower case. "  Stop!  " -> "stop", "stop!!" -> "stop!".
 * Whitespace left between the word and the removed punctuation ("stop !") goes too: it is still
 * whitespace around the word.
 */
export function normalizeKeywordText(text: string): string {
  if (typeof text !== 'string') {
    throw new FlowSmsError(
      'invalid_input',
      `Reply text must be a string (got ${text === null ? 'null' : typeof text})`,
      'text',
    );
  }
  let word = text.trim();
  if (TRAILING_PUNCTUATION.has(word.slice(-1))) word = word.slice(0, -1).trimEnd();
  return word.toLowerCase();
}

/**
 * The compliance keyword an inbound SMS is, or null. Only a whole message that is one of the
 * variants counts: "stop please" or "please stop" is an ordinary message.
 */
export function classifyKeyword(text: string): ComplianceKeyword | null {
  return KEYWORD_BY_WORD.get(normalizeKeywordText(text)) ?? null;
}

const CONSENT_REPLIES = new Map<string, 'yes' | 'no'>([
  ...SMS_REPLY_YES.map((word) => [word, 'yes'] as const),
  ...SMS_REPLY_NO.map((word) => [word, 'no'] as const),
]);

/** The answer an SMS reply gives to a consent question (`sms-reply` mode), or null if it is neither. */
export function classifyConsentReply(text: string): 'yes' | 'no' | null {
  return CONSENT_REPLIES.get(normalizeKeywordText(text)) ?? null;
}
