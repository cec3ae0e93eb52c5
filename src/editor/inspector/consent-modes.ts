import { describeZodIssues, type FieldIssue } from '../../core/errors';
import {
  type Consent,
  type ConsentMode,
  consentSchema,
  DEFAULT_CALL_QUESTION,
} from '../../core/schemas/consent';

export const CONSENT_MODE_LABELS: Record<ConsentMode, string> = {
  'not-required': 'Not required',
  variable: 'Already collected',
  ask: 'Ask the caller',
  'sms-reply': 'Ask by SMS and wait for the reply',
};

export const CONSENT_MODE_HINTS: Record<ConsentMode, string> = {
  'not-required': 'The caller asked for this message, or it is purely transactional. Record why.',
  variable: 'An earlier step already asked; pick the variable holding the answer.',
  ask: 'The voice agent asks the question and listens for a yes or a no.',
  'sms-reply': 'A question goes out by SMS; the message is sent only after a YES reply.',
};

export { DEFAULT_CALL_QUESTION };
export const DEFAULT_SMS_QUESTION = 'Reply YES to get the details by text message, or NO to skip.';

/**
 * The consent to emit when the builder picks `mode`. What they typed in another mode carries over
 * where it means the same thing (a question they wrote, not another mode's default), and a mode they visited before gets its old
 * settings back; everything else comes from the schema's defaults.
 */
export function consentForMode(
  mode: ConsentMode,
  current: Consent,
  remembered: Partial<Record<ConsentMode, Consent>>,
): Consent {
  const previous = remembered[mode];
  if (previous) return previous;
  // A question still as it came was not written by the builder, and each default is worded for
  // its own channel ("Reply YES…" read to a caller, "May I send you a text…" sent as a text).
  const question =
    'question' in current &&
    current.question !== DEFAULT_CALL_QUESTION &&
    current.question !== DEFAULT_SMS_QUESTION
      ? current.question
      : undefined;
  switch (mode) {
    case 'not-required':
      return { mode, reason: '' };
    case 'variable':
      return { mode, path: '' };
    case 'ask':
      return consentSchema.parse({ mode, question: question || DEFAULT_CALL_QUESTION });
    case 'sms-reply':
      return consentSchema.parse({ mode, question: question || DEFAULT_SMS_QUESTION });
  }
}

/** The schema's complaints about `consent`, keyed by field (`reason`, `question`, `yes`...). */
export function consentIssues(consent: Consent): Map<string, string> {
  const result = consentSchema.safeParse(consent);
  const issues = new Map<string, string>();
  for (const issue of result.success ? [] : (describeZodIssues(result.error) as FieldIssue[])) {
    const field = issue.field.split('.')[0] ?? '';
    if (!issues.has(field)) issues.set(field, issue.message);
  }
  if (consent.mode === 'variable' && consent.path === '') {
    issues.set('path', 'Choose the variable that records whether the caller agreed');
  }
  return issues;
}

/** "5 minutes", "1 hour 30 minutes", "45 seconds": the timeout as a person reads it. */
export function describeDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds <= 0) return '';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const parts: string[] = [];
  let rest = Math.floor(totalSeconds);
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
    rest -= count * size;
  }
  return parts.slice(0, 2).join(' ');
}
