import { z } from 'zod';

/** Where a flow runs. Each environment has its own sender and its own opt-out list. */
export const environmentSchema = z.enum(['sandbox', 'pre-release', 'live']);
export type Environment = z.infer<typeof environmentSchema>;
export const ENVIRONMENTS = environmentSchema.options;

/** The key under `senders` that holds the sender for an environment. */
export const SENDER_KEY_BY_ENVIRONMENT = {
  sandbox: 'sandbox',
  'pre-release': 'preRelease',
  live: 'live',
} as const satisfies Record<Environment, string>;

/** How the template form and messages name an environment's sender field: "Sandbox sender". */
export const SENDER_LABEL_BY_ENVIRONMENT = {
  sandbox: 'Sandbox sender',
  'pre-release': 'Pre-release sender',
  live: 'Live sender',
} as const satisfies Record<Environment, string>;
