/**
 * Numbers that behave in a fixed way, so tests and demos can provoke each failure on purpose.
 * The +1500555xxxx ones are Twilio's own test numbers (they answer the same with Twilio's test
 * credentials); the +1 415 555 01xx ones (fictional numbers that phone
 * libraries still accept) are the sandbox's own, for delivery failures, which Twilio's test
 * credentials cannot show.
 */
export interface RejectingNumber {
  code: number;
  message: (number: string) => string;
}

/** `To` numbers the API refuses at once. */
export const REJECTED_RECIPIENTS: Readonly<Record<string, RejectingNumber>> = {
  '+15005550001': { code: 21211, message: (n) => `The 'To' number ${n} is not a valid phone number.` },
  '+15005550002': {
    code: 21612,
    message: (n) =>
      `The 'To' phone number: ${n}, is not currently reachable using the 'From' phone number via SMS.`,
  },
  '+15005550003': {
    code: 21408,
    message: (n) =>
      `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${n}.`,
  },
  '+15005550004': { code: 21610, message: () => 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: (n) => `'To' number ${n} is not a valid mobile number` },
};

/** `From` numbers the API refuses at once. */
export const REJECTED_SENDERS: Readonly<Record<string, RejectingNumber>> = {
  '+15005550001': {
    code: 21212,
    message: (n) =>
      `The 'From' number ${n} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
  },
  '+15005550007': {
    code: 21606,
    message: (n) =>
      `The 'From' phone number provided (${n}) is not a valid message-capable Twilio phone number for this destination.`,
  },
  '+15005550008': {
    code: 21611,
    message: (n) => `This 'From' number (${n}) has exceeded the maximum number of queued messages`,
  },
};

/** `To` numbers the API accepts and that then fail on the way to the handset. */
export const UNDELIVERABLE_RECIPIENTS: Readonly<
  Record<string, { code: number; status: 'undelivered' | 'failed'; message: string }>
> = {
  '+14155550106': { code: 30006, status: 'undelivered', message: 'Landline or unreachable carrier' },
  '+14155550103': { code: 30003, status: 'undelivered', message: 'Unreachable destination handset' },
  '+14155550134': { code: 30034, status: 'failed', message: 'Message from an unregistered number' },
};

/** The sender the sandbox uses when it owns no numbers of its own: Twilio's "valid" test number. */
export const DEFAULT_SANDBOX_NUMBER = '+15005550006';
