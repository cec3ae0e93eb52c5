import { useId } from 'react';
import type { Consent } from '../../core/schemas/consent';
import { SMS_REPLY_NO, SMS_REPLY_YES } from '../../core/schemas/consent';
import { BRANCH_LABELS, type SendSmsBranch } from '../../core/schemas/send-sms-node';
import { describeDuration } from './consent-modes';

interface Outcome {
  when: string;
  branch: SendSmsBranch;
}

const SEND_OUTCOMES: Outcome[] = [
  { when: 'Twilio accepts the message', branch: 'sent' },
  { when: 'The recipient has opted out (replied STOP)', branch: 'opted_out' },
  { when: 'The message cannot be sent (bad number, missing input, Twilio error)', branch: 'failed' },
];

function consentOutcomes(consent: Consent): Outcome[] {
  switch (consent.mode) {
    case 'not-required':
      return [];
    case 'variable': {
      const name = consent.path || 'the consent variable';
      return [{ when: `${name} is not true/yes/1, or is missing`, branch: 'declined' }];
    }
    case 'ask': {
      // A count not set yet (null in saved data) is left out rather than read out as "null retries".
      const { retries } = consent;
      const after = !Number.isInteger(retries)
        ? ''
        : retries === 1
          ? ' after 1 retry'
          : ` after ${retries} retries`;
      return [{ when: `The caller says a no phrase, or gives no clear answer${after}`, branch: 'declined' }];
    }
    case 'sms-reply': {
      const wait = describeDuration(consent.timeoutSeconds);
      return [
        {
          when: `The reply is a no (${SMS_REPLY_NO.join(', ')}), or none comes ${wait ? `within ${wait}` : 'in time'}`,
          branch: 'declined',
        },
      ];
    }
  }
}

function consentGate(consent: Consent): string {
  switch (consent.mode) {
    case 'not-required':
      return 'No consent step: the message is sent right away.';
    case 'variable':
      return `First, ${consent.path || 'the consent variable'} is checked; true, yes or 1 means the caller agreed.`;
    case 'ask':
      return 'First, the caller is asked; a yes phrase means they agreed.';
    case 'sms-reply':
      return `First, the question goes out by SMS; a reply such as ${SMS_REPLY_YES.slice(0, 3).join(', ')} means they agreed.`;
  }
}

/** Which branch each outcome takes, as a list a screen reader reads in order. */
export function ConsentDiagram({ consent }: { consent: Consent }) {
  const captionId = useId();
  const outcomes = [...consentOutcomes(consent), ...SEND_OUTCOMES];
  return (
    <figure className="fsms-consent-diagram" aria-labelledby={captionId}>
      <figcaption id={captionId}>Where each outcome goes</figcaption>
      <p>{consentGate(consent)}</p>
      <ul>
        {outcomes.map((outcome) => (
          <li key={outcome.branch} data-branch={outcome.branch}>
            <span>{outcome.when}</span> <span aria-hidden="true">→</span>{' '}
            <span className="fsms-branch">
              <span className="fsms-visually-hidden">goes to </span>
              {BRANCH_LABELS[outcome.branch]}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
