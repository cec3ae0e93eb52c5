export {
  createWebhookHandlers,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  type WebhookHandler,
  type WebhookHandlers,
  type WebhookOptions,
} from './handlers';
export {
  INBOUND_WEBHOOK_PATH,
  STATUS_WEBHOOK_PATH,
  startWebhookServer,
  type WebhookServer,
  type WebhookServerOptions,
} from './http-server';
export {
  type ConsentReplyReceiver,
  type InboundMessageEvent,
  type InboundOutcome,
  type InboundSms,
  type KeywordReplies,
  type OnInboundMessage,
  processInboundSms,
} from './inbound-message';
export { publicBaseUrlSchema } from './public-url';
export * from './signature';
export { STATUS_CALLBACK_MESSAGE_PARAM } from './status-callback';
export { messagingTwiml } from './twiml';
