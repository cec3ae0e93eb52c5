import { randomBytes } from 'node:crypto';

/** A Twilio-shaped SID: a two-letter prefix and 32 lowercase hex characters. */
export function randomSid(prefix: 'SM' | 'AC' | 'MG' | 'SK'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

export function randomToken(): string {
  return randomBytes(16).toString('hex');
}
