// The Twilio transport: the official SDK, with outcomes the executor can act on.
export {
  accountSidSchema,
  apiKeySidSchema,
  redactedCredentials,
  type TwilioCredentials,
  twilioCredentials,
  twilioCredentialsFromEnv,
  twilioCredentialsSchema,
} from './credentials';
export {
  type DescribedTwilioError,
  describeTwilioError,
  isPermanentTwilioError,
  TWILIO_ERROR_HINTS,
  type TwilioErrorHint,
  twilioErrorUrl,
} from './error-hints';
export { retryAfterMs } from './outcome';
export {
  createTwilioTransport,
  type TwilioTransport,
  type TwilioTransportOptions,
  twilioTransportOptionsSchema,
} from './transport';
