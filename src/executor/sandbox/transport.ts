import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';
import { createTwilioTransport, type TwilioTransport } from '../twilio/transport';
import { interceptTwilioWith } from './msw';
import type { TwilioSandbox } from './sandbox';

const sandboxTransportOptionsSchema = z.object({
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
});

export interface SandboxTransport extends TwilioTransport {
  /** Stops routing this sandbox's requests; the shared msw server stops with the last one. */
  close(): void;
}

/**
 * The real Twilio transport, with the sandbox's credentials, whose HTTP calls msw answers
 * in-process. Creating it starts interception (once per process); `close()` releases it, and the
 * last release stops msw. Tests: create in beforeEach/it, close in afterEach (closing twice is
 * harmless); `stopSandboxInterception()` in afterAll clears everything.
 */
export function createSandboxTransport(
  sandbox: TwilioSandbox,
  options: z.input<typeof sandboxTransportOptionsSchema> = {},
): SandboxTransport {
  const { timeoutMs } = parseOrThrow(sandboxTransportOptionsSchema, options, 'sandbox transport options');
  const transport = createTwilioTransport({
    credentials: { accountSid: sandbox.accountSid, authToken: sandbox.authToken },
    kind: 'sandbox',
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  const release = interceptTwilioWith(sandbox);
  return Object.assign(transport, { close: release });
}
