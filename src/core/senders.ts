import { type Environment, SENDER_KEY_BY_ENVIRONMENT } from './environments';
import type { Senders } from './schemas/sender';

/**
 * The sender to use in an environment. Sandbox and pre-release never fall back to the live
 * sender: a test run must not text real people from the production number.
 */
export function senderForEnvironment(
  senders: Partial<Senders> | undefined,
  environment: Environment,
): string | undefined {
  return senders?.[SENDER_KEY_BY_ENVIRONMENT[environment]];
}
