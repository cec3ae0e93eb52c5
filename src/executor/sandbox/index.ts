/**
 * The embedded Twilio-compatible sandbox: the default transport when no Twilio credentials are set.
 *
 * One core (`TwilioSandbox.handle(Request) -> reply`), two ways in, both through the real SDK:
 * - in-process: `createSandboxTransport(sandbox)` starts ONE msw server for the whole process
 *   (the first call does; later calls reuse it) that answers https://api.twilio.com for the
 *   sandbox's account and lets every other request through. `transport.close()` releases it, the
 *   last release stops msw, and `stopSandboxInterception()` (for a suite's afterAll) stops it
 *   whatever is registered. A test that runs its own msw server uses `createSandboxHandlers`.
 * - over HTTP: `startSandboxServer(sandbox)` listens on 127.0.0.1 (a free port by default);
 *   `createTwilioTransport({ credentials: sandbox.credentials(), baseUrl: server.url })` talks to
 *   it from any process.
 *
 * Time: in `manual` mode (the default) messages move queued -> sent -> delivered only on
 * `advance(ms)` or `settle()`; `timers` mode moves them on real timers, for demos.
 * Test numbers: see magic-numbers.ts. Faults: `injectFault` (queued, one-off) and
 * `setFaultRates` (random, reproducible with `seed`).
 */
export type { SandboxReply } from './api';
export {
  DEFAULT_SANDBOX_NUMBER,
  REJECTED_RECIPIENTS,
  REJECTED_SENDERS,
  UNDELIVERABLE_RECIPIENTS,
} from './magic-numbers';
export {
  createSandboxHandlers,
  interceptTwilioWith,
  isSandboxInterceptionActive,
  SandboxConnectionError,
  stopSandboxInterception,
  TWILIO_API_ORIGIN,
} from './msw';
export { createSandbox, type ReceivedReply, TwilioSandbox } from './sandbox';
export {
  type SandboxDirection,
  type SandboxFault,
  type SandboxFaultInput,
  type SandboxFaultKind,
  type SandboxMessage,
  type SandboxMessageStatus,
  type SandboxOptions,
  type SandboxWebhookDelivery,
  sandboxFaultSchema,
  sandboxOptionsSchema,
  type WebhookHook,
} from './schemas';
export { type SandboxServer, type SandboxServerOptions, startSandboxServer } from './server';
export { createSandboxTransport, type SandboxTransport } from './transport';
export { parseTwimlReplies, type TwimlReply } from './twiml';
