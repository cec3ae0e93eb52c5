import type { ErrorInfo } from '../store/schemas';

/** Why nothing was sent to someone who replied STOP, and what brings them back. */
export function optedOutError(to: string | null, from: string | null): ErrorInfo {
  return {
    code: 'opted_out',
    message: `${to ?? 'The recipient'} has opted out of messages from ${from ?? 'this sender'} (replied STOP); nothing was sent.`,
    hint: 'The recipient must reply START to this sender before they can be texted again.',
  };
}
