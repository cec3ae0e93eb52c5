/**
 * What a Twilio error code means for the person who built the flow, and whether sending the
 * same message again could ever work. The executor shows `title` and `hint` next to a failed
 * send; `permanent` errors are never retried automatically, because only a change by a person
 * (the recipient's number, the sender's registration, the message text) can fix them.
 */
export interface TwilioErrorHint {
  title: string;
  /** What the builder should do about it, in one or two sentences. */
  hint: string;
  permanent: boolean;
}

export const TWILIO_ERROR_HINTS: Readonly<Record<number, TwilioErrorHint>> = {
  20003: {
    title: 'Authentication failed',
    hint: 'The Account SID and Auth Token (or API key and secret) do not match. Copy them again from the Twilio Console and check that they belong to the same account.',
    permanent: true,
  },
  20404: {
    title: 'Resource not found',
    hint: 'Twilio has no such resource for this account: check the SID and that the credentials belong to the account that owns it.',
    permanent: true,
  },
  20429: {
    title: 'Too many requests',
    hint: 'Twilio is rate limiting this account. The send is retried after the delay Twilio asks for; lower the sending rate if this keeps happening.',
    permanent: false,
  },
  21211: {
    title: "Invalid 'To' phone number",
    hint: "The recipient is not a valid phone number. Map the node's recipient to a number in E.164 form, such as +14155550123.",
    permanent: true,
  },
  21212: {
    title: "Invalid 'From' number",
    hint: 'The sender is not a valid phone number, short code or alphanumeric sender ID. Pick a number you own in Twilio for this environment.',
    permanent: true,
  },
  21408: {
    title: 'Region not enabled',
    hint: "Your account may not send SMS to the recipient's country. Enable that country in the Twilio Console under Messaging > Settings > Geo permissions.",
    permanent: true,
  },
  21602: {
    title: 'Message body is required',
    hint: 'The rendered message is empty. Check that the template has text and that its variables are mapped.',
    permanent: true,
  },
  21603: {
    title: 'Sender is required',
    hint: 'No sender was given. Set a sender number or Messaging Service SID for this environment on the template.',
    permanent: true,
  },
  21604: {
    title: 'Recipient is required',
    hint: "No recipient was given. Map the node's recipient to a phone number.",
    permanent: true,
  },
  21606: {
    title: 'Sender cannot send this message',
    hint: 'The sender is not an SMS-capable number owned by this Twilio account. Use one of your Twilio numbers, or a Messaging Service that contains it.',
    permanent: true,
  },
  21608: {
    title: 'Unverified recipient (trial account)',
    hint: 'Trial accounts can only text verified numbers. Verify the recipient in the Twilio Console, or upgrade the account.',
    permanent: true,
  },
  21610: {
    title: 'Recipient has opted out',
    hint: 'The recipient replied STOP to this sender. Nothing will be delivered until they reply START; the opt-out has been recorded.',
    permanent: true,
  },
  21611: {
    title: "Sender's queue is full",
    hint: 'This sender has more messages waiting at Twilio than it may queue; this one was not queued. It is retried after a back-off. If it keeps happening, send more slowly (a rate limiter) or spread the traffic over a Messaging Service with more numbers.',
    permanent: false,
  },
  21612: {
    title: 'Recipient unreachable from this sender',
    hint: 'Twilio cannot route between this sender and recipient (for example a landline, or a country the sender cannot reach). Try another sender or check the number.',
    permanent: true,
  },
  21614: {
    title: 'Recipient is not a mobile number',
    hint: 'The recipient cannot receive SMS, most likely a landline. Ask for a mobile number.',
    permanent: true,
  },
  21617: {
    title: 'Message too long',
    hint: 'The message is over 1,600 characters once variables are filled in. Shorten the template or the values mapped into it.',
    permanent: true,
  },
  21701: {
    title: 'Messaging Service not found',
    hint: 'No Messaging Service with this SID exists in the account. Copy the SID (MG...) again from the Twilio Console.',
    permanent: true,
  },
  21705: {
    title: 'Invalid Messaging Service SID',
    hint: "The Messaging Service SID is malformed: it must be 'MG' followed by 32 hex characters.",
    permanent: true,
  },
  30003: {
    title: 'Unreachable handset',
    hint: 'The phone is off or out of coverage. Sending later may work; check the number with the recipient if it keeps failing.',
    permanent: false,
  },
  30004: {
    title: 'Message blocked',
    hint: 'The recipient or their carrier blocks messages from this sender. Ask the recipient to allow it; do not resend in a loop.',
    permanent: true,
  },
  30005: {
    title: 'Unknown handset',
    hint: 'The number does not exist or is no longer in service. Ask the recipient for a current number.',
    permanent: true,
  },
  30006: {
    title: 'Landline or unreachable carrier',
    hint: 'The number cannot receive SMS (usually a landline). Ask for a mobile number, or reach this person another way.',
    permanent: true,
  },
  30007: {
    title: 'Filtered by the carrier',
    hint: 'The carrier filtered the message as spam. Rewrite it (fewer links, clear sender name, no shortened URLs) and check your sender registration.',
    permanent: true,
  },
  30008: {
    title: 'Unknown delivery error',
    hint: 'The carrier gave no reason. Sending again later may work; contact Twilio support with the message SID if it persists.',
    permanent: false,
  },
  30032: {
    title: 'Toll-free number not verified',
    hint: 'Messages from unverified toll-free numbers to the US and Canada are blocked. Complete toll-free verification in the Twilio Console.',
    permanent: true,
  },
  30034: {
    title: 'Sender not registered for A2P 10DLC',
    hint: 'US carriers block messages from local numbers that are not registered. Register a brand and campaign (A2P 10DLC) and add this number to it, or use a toll-free or verified sender.',
    permanent: true,
  },
  30035: {
    title: 'Sender registration not finished',
    hint: 'The number is being registered for A2P 10DLC and carriers do not accept it yet. Wait until the campaign registration completes, then send again.',
    permanent: true,
  },
};

export interface DescribedTwilioError extends TwilioErrorHint {
  code: number | null;
  /** Twilio's own message, kept verbatim for support tickets. */
  twilioMessage: string;
  moreInfo: string | null;
}

/**
 * Twilio's error in words a builder can act on. Unknown codes keep Twilio's message and point to
 * the error dictionary; they count as permanent, so an unfamiliar error is never sent in a loop.
 */
export function describeTwilioError(
  code: number | null | undefined,
  message?: string | null,
): DescribedTwilioError {
  const twilioMessage = typeof message === 'string' ? message : '';
  const knownCode = typeof code === 'number' && Number.isInteger(code) ? code : null;
  const known = knownCode === null ? undefined : TWILIO_ERROR_HINTS[knownCode];
  const moreInfo = knownCode === null ? null : twilioErrorUrl(knownCode);
  if (known) return { code: knownCode, twilioMessage, moreInfo, ...known };
  return {
    code: knownCode,
    twilioMessage,
    moreInfo,
    title: knownCode === null ? 'Twilio error' : `Twilio error ${knownCode}`,
    hint:
      knownCode === null
        ? 'Twilio refused the message without an error code. Check the message log in the Twilio Console.'
        : `Look the code up in Twilio's error dictionary (${twilioErrorUrl(knownCode)}).`,
    permanent: true,
  };
}

export function twilioErrorUrl(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

/** True when retrying cannot help: a person has to change something first. */
export function isPermanentTwilioError(code: number | null | undefined): boolean {
  return describeTwilioError(code).permanent;
}
