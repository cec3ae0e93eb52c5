// The embedded Twilio-compatible sandbox: the default transport when no Twilio credentials are set.
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
