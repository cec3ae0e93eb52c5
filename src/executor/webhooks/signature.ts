import { timingSafeEqual } from 'node:crypto';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import twilio from 'twilio';
import { FlowSmsError } from '../../core/errors';

/** The header Twilio signs every webhook request with. */
export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature';

/** Form parameters of a webhook request; a name sent more than once carries every value. */
export type WebhookParams = Record<string, string | readonly string[]>;

export interface SignatureInput {
  /** The auth token of the account the webhook belongs to. */
  authToken: string | null | undefined;
  /** The absolute URL Twilio requested, exactly as configured in Twilio (query string included). */
  url: string;
  params: WebhookParams;
}

/**
 * The X-Twilio-Signature Twilio sends for `url` and `params`: base64 HMAC-SHA1, keyed with the
 * auth token, over the URL followed by every parameter name and value in name order.
 */
export function expectedTwilioSignature(input: SignatureInput): string {
  const { authToken, url, params } = checkInput(input);
  if (!authToken) {
    throw new FlowSmsError(
      'missing_auth_token',
      'authToken is required to sign a webhook request',
      'authToken',
    );
  }
  return twilio.getExpectedTwilioSignature(authToken, url, mutableParams(params));
}

/**
 * True when `signature` is the one Twilio would send for this URL and these parameters. Accepts
 * the forms of the URL Twilio may have signed: with or without the scheme's DEFAULT port (443,
 * 80), and with the query string as written or percent-encoded the way URL parsers re-encode it.
 * Another port is another URL. (The SDK's validateRequest also drops non-default ports, hence
 * the candidates here.) Without an auth token nothing validates: a deployment that forgot its
 * secret rejects every request rather than trusting them all.
 */
export function validateTwilioSignature(
  input: SignatureInput & { signature: string | null | undefined },
): boolean {
  const { authToken, url, params } = checkInput(input);
  if (!authToken) return false;
  if (typeof input.signature !== 'string' || input.signature.length === 0) return false;
  const given = Buffer.from(input.signature);
  return signedUrlCandidates(url).some((candidate) => {
    const expected = Buffer.from(
      twilio.getExpectedTwilioSignature(authToken, candidate, mutableParams(params)),
    );
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** The URL as given and as normalised, each with and without its scheme's default port. */
function signedUrlCandidates(url: string): string[] {
  const normalised = new URL(url).toString();
  const candidates = new Set<string>();
  for (const base of [url, normalised, withLegacyQuery(normalised)]) {
    const { origin, pathAndQuery } = splitAbsoluteUrl(base, 'url');
    const match = /^([a-z][a-z0-9+.-]*:)\/\/(.*?)(?::(\d+))?$/i.exec(origin);
    if (!match) continue;
    const [, scheme = '', host = '', port] = match;
    const defaultPort = DEFAULT_PORTS[scheme.toLowerCase()];
    candidates.add(base);
    if (port === undefined && defaultPort) candidates.add(`${scheme}//${host}:${defaultPort}${pathAndQuery}`);
    if (port !== undefined && port === defaultPort) candidates.add(`${scheme}//${host}${pathAndQuery}`);
  }
  return [...candidates];
}

// Some servers signed the query the way Node's legacy querystring module re-encodes it.
function withLegacyQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0 || at === url.length - 1) return url;
  return `${url.slice(0, at)}?${stringifyQuery(parseQuery(url.slice(at + 1)))}`;
}

/**
 * The URL Twilio signed for `request`: the configured public base URL (scheme, host and port as
 * entered in the Twilio Console) followed by the request's path and query. Host headers, including
 * X-Forwarded-Host and X-Forwarded-Proto, are never consulted: they come from the caller, and a
 * forger controls them. When the base URL has a path (https://example.com/hooks) and a proxy
 * strips it before the request arrives, the path is put back.
 */
export function publicUrlFor(request: Request | { url: string }, publicBaseUrl: string): string {
  const base = splitAbsoluteUrl(publicBaseUrl, 'publicBaseUrl');
  if (!/^https?:\/\//i.test(base.origin)) {
    throw new FlowSmsError(
      'invalid_input',
      `publicBaseUrl must start with http:// or https:// (got ${JSON.stringify(publicBaseUrl)})`,
      'publicBaseUrl',
    );
  }
  const requestUrl = typeof request?.url === 'string' ? request.url : '';
  const target = splitAbsoluteUrl(requestUrl, 'request.url');
  const prefix = base.pathAndQuery.split('?')[0]?.replace(/\/+$/, '') ?? '';
  const path = target.pathAndQuery || '/';
  const alreadyPrefixed =
    prefix === '' || path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
  return `${base.origin}${alreadyPrefixed ? '' : prefix}${path}`;
}

/**
 * Form parameters from a urlencoded body, keeping every value of a repeated name. The object has
 * no prototype: a parameter named `constructor` or `__proto__` is a parameter like any other (and
 * is signed over like any other), never an inherited value or a way to swap the prototype.
 */
export function webhookParamsFromForm(body: string | URLSearchParams): WebhookParams {
  const search = typeof body === 'string' ? new URLSearchParams(body) : body;
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of search) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[name] = [existing, value];
  }
  return params;
}

function checkInput<T extends SignatureInput>(input: T): T {
  if (input === null || typeof input !== 'object') {
    throw new FlowSmsError('invalid_input', 'expected { authToken, url, params }', '');
  }
  if (input.authToken !== undefined && input.authToken !== null && typeof input.authToken !== 'string') {
    throw new FlowSmsError('invalid_input', 'authToken must be a string', 'authToken');
  }
  splitAbsoluteUrl(input.url, 'url');
  if (input.params === null || typeof input.params !== 'object' || Array.isArray(input.params)) {
    throw new FlowSmsError(
      'invalid_input',
      'params must be an object of form parameters (name -> value)',
      'params',
    );
  }
  for (const [name, value] of Object.entries(input.params)) {
    const ok =
      typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) {
      throw new FlowSmsError(
        'invalid_input',
        `params.${name} must be a string or a list of strings`,
        `params.${name}`,
      );
    }
  }
  return input;
}

/**
 * Splits an absolute URL into origin (as written, port included) and the rest, without the
 * normalisation `new URL()` applies: Twilio signs the characters it was configured with.
 */
function splitAbsoluteUrl(url: unknown, field: string): { origin: string; pathAndQuery: string } {
  const match = typeof url === 'string' ? /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)([^#]*)/i.exec(url) : null;
  if (!match || !URL.canParse(url as string)) {
    throw new FlowSmsError(
      'invalid_input',
      `${field} must be an absolute URL such as https://example.com/twilio/inbound (got ${JSON.stringify(url)})`,
      field,
    );
  }
  return { origin: match[1] ?? '', pathAndQuery: match[2] ?? '' };
}

// The SDK's parameter type is mutable; it only reads the values.
function mutableParams(params: WebhookParams): Record<string, string | string[]> {
  return params as Record<string, string | string[]>;
}
