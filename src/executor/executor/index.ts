export { type Clock, systemClock } from './clock';
export { isConsentValue } from './consent';
export type { Delivery, DeliveryStep } from './delivery';
export type { Logger } from './logger';
export type {
  AskConsent,
  AskConsentAnswer,
  AskConsentRequest,
  ExecutionContext,
  RateLimiter,
  RetryPolicy,
  SendSmsExecutorOptions,
  TemplateLookup,
} from './options';
export type { SendSmsResult, SentMessageSummary } from './result';
export {
  createSendSmsExecutor,
  type EnqueueResult,
  idempotencyKeyFor,
  type SendSmsExecutor,
} from './send-sms-executor';
