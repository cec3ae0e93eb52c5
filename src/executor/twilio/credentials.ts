import { inspect } from 'node:util';
import { z } from 'zod';
import { describeZodIssues, FlowSmsError, parseOrThrow } from '../../core/errors';

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
export const API_KEY_SID_PATTERN = /^SK[0-9a-fA-F]{32}$/;
const REDACTED = '[redacted]';

export const accountSidSchema = z
  .string()
  .trim()
  .regex(ACCOUNT_SID_PATTERN, "must be a Twilio Account SID: 'AC' followed by 32 hex characters");
export const apiKeySidSchema = z
  .string()
  .trim()
  .regex(API_KEY_SID_PATTERN, "must be a Twilio API key SID: 'SK' followed by 32 hex characters");

/**
 * Either the account's auth token, or an API key and its secret (Twilio's recommended way for
 * servers: a key can be revoked without rotating the account token).
 */
export const twilioCredentialsSchema = z
  .object({
    accountSid: accountSidSchema,
    authToken: z.string().trim().min(1, 'must not be empty').optional(),
    apiKey: apiKeySidSchema.optional(),
    apiSecret: z.string().trim().min(1, 'must not be empty').optional(),
  })
  .superRefine((value, ctx) => {
    const hasToken = value.authToken !== undefined;
    const hasKey = value.apiKey !== undefined || value.apiSecret !== undefined;
    if (hasToken && hasKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['authToken'],
        message: 'give either authToken or apiKey + apiSecret, not both',
      });
    } else if (!hasToken && !hasKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['authToken'],
        message: 'is required (or give apiKey + apiSecret)',
      });
    } else if (hasKey && value.apiKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'is required with apiSecret' });
    } else if (hasKey && value.apiSecret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['apiSecret'], message: 'is required with apiKey' });
    }
  });

export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;

/** The username and password the REST API takes: the account token, or the API key pair. */
export function basicAuthOf(credentials: TwilioCredentials): { username: string; password: string } {
  if (credentials.authToken !== undefined) {
    return { username: credentials.accountSid, password: credentials.authToken };
  }
  return { username: credentials.apiKey ?? '', password: credentials.apiSecret ?? '' };
}

/** Every secret in the credentials, so that text can be scrubbed of them before it is shown. */
export function secretsOf(credentials: TwilioCredentials): string[] {
  return [credentials.authToken, credentials.apiSecret].filter((s): s is string => Boolean(s));
}

/** The credentials as they may be shown: the account and key SIDs, never a secret. */
export function redactedCredentials(credentials: TwilioCredentials): Record<string, string> {
  const view: Record<string, string> = { accountSid: credentials.accountSid };
  if (credentials.authToken !== undefined) view.authToken = REDACTED;
  if (credentials.apiKey !== undefined) view.apiKey = credentials.apiKey;
  if (credentials.apiSecret !== undefined) view.apiSecret = REDACTED;
  return view;
}

/** Replaces every occurrence of a secret in `text`, for messages built from third-party errors. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length > 0) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  return scrubbed;
}

/**
 * Validated credentials that print themselves without their secrets: `JSON.stringify`,
 * `String()`, template literals and `console.log` all show the redacted view.
 */
export function twilioCredentials(input: unknown): TwilioCredentials {
  const parsed = parseOrThrow(twilioCredentialsSchema, input, 'Twilio credentials');
  return withRedactedPrinting(parsed, () => redactedCredentials(parsed));
}

/** Adds non-enumerable printing hooks to `target` so that logging it shows only `view()`. */
export function withRedactedPrinting<T extends object>(target: T, view: () => unknown): T {
  Object.defineProperties(target, {
    toJSON: { value: view, enumerable: false },
    toString: { value: () => JSON.stringify(view()), enumerable: false },
    [inspect.custom]: { value: () => view(), enumerable: false },
  });
  return target;
}

const ENV = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
  apiKey: 'TWILIO_API_KEY',
  apiSecret: 'TWILIO_API_SECRET',
} as const;

/**
 * Reads Twilio credentials from environment variables. Returns null when none of them is set
 * (the caller then runs against the embedded sandbox); a partial set is an error, so that a
 * typo never silently turns a live deployment into a sandbox.
 */
export function twilioCredentialsFromEnv(env: Record<string, string | undefined>): TwilioCredentials | null {
  if (env === null || typeof env !== 'object') {
    throw new FlowSmsError(
      'invalid_input',
      'env must be an object of environment variables, such as process.env',
      'env',
    );
  }
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const values = {
    accountSid: read(ENV.accountSid),
    authToken: read(ENV.authToken),
    apiKey: read(ENV.apiKey),
    apiSecret: read(ENV.apiSecret),
  };
  if (Object.values(values).every((v) => v === undefined)) return null;
  if (values.accountSid === undefined) {
    throw new FlowSmsError(
      'missing_twilio_credentials',
      `${ENV.accountSid} is not set: set it to your Account SID (AC...) from the Twilio Console, or unset the other TWILIO_* variables to use the sandbox`,
      ENV.accountSid,
    );
  }
  if (values.authToken === undefined && (values.apiKey === undefined || values.apiSecret === undefined)) {
    const missing =
      values.apiKey !== undefined
        ? ENV.apiSecret
        : values.apiSecret !== undefined
          ? ENV.apiKey
          : ENV.authToken;
    throw new FlowSmsError(
      'missing_twilio_credentials',
      `${missing} is not set: Twilio needs ${ENV.authToken}, or ${ENV.apiKey} and ${ENV.apiSecret}, next to ${ENV.accountSid}`,
      missing,
    );
  }
  // With both present, the API key wins: it is the narrower credential.
  const chosen =
    values.apiKey !== undefined && values.apiSecret !== undefined
      ? { accountSid: values.accountSid, apiKey: values.apiKey, apiSecret: values.apiSecret }
      : { accountSid: values.accountSid, authToken: values.authToken };
  const result = twilioCredentialsSchema.safeParse(chosen);
  if (!result.success) {
    const issue = describeZodIssues(result.error)[0];
    const field = issue?.field as keyof typeof ENV | undefined;
    const variable = field && field in ENV ? ENV[field] : 'TWILIO_ACCOUNT_SID';
    throw new FlowSmsError(
      'invalid_twilio_credentials',
      `${variable} ${issue?.message ?? 'is invalid'}`,
      variable,
    );
  }
  return twilioCredentials(result.data);
}
