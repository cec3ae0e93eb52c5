import type { DrawnFault } from './faults';
import { strikesAfterAccept } from './faults';
import { API_VERSION, errorResponse, messageResource, pageEnvelope } from './resources';
import type { SandboxFault, SandboxMessage } from './schemas';
import type { RefusedSend, ValidSend } from './validation';

/**
 * What the sandbox does with one HTTP request: answer it, or cut the connection the way a network
 * failure would (each adapter turns `drop` into its own kind of broken socket).
 */
export type SandboxReply =
  | { kind: 'response'; response: Response }
  | { kind: 'drop'; reason: 'reset' | 'refused' };

export interface MessageFilter {
  to?: string;
  from?: string;
  /** Inclusive bounds on date_sent (date_created for messages not sent yet), in ms. */
  sentFrom?: number;
  sentTo?: number;
}

/** What the REST layer needs from the sandbox's state. */
export interface SandboxApiBackend {
  readonly accountSid: string;
  authenticate(username: string, password: string): boolean;
  takeFault(): DrawnFault | null;
  putBackFault(drawn: DrawnFault): void;
  checkSend(form: URLSearchParams): ValidSend | RefusedSend;
  accept(
    send: ValidSend,
    failure: Extract<SandboxFault, { kind: 'fail-after-accept' }> | null,
  ): SandboxMessage;
  find(sid: string): SandboxMessage | null;
  /** Newest first, like Twilio's list. */
  list(filter: MessageFilter): SandboxMessage[];
  /** Resolves after `ms`, when the client hangs up, or when the sandbox closes. */
  hold(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

const PREFIX = `/${API_VERSION}/Accounts/`;
const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;
const DAY_MS = 86_400_000;

const respond = (response: Response): SandboxReply => ({ kind: 'response', response });
const notFound = (path: string) =>
  respond(errorResponse(404, 20404, `The requested resource ${path} was not found`));

/** Routes one request to the Messages API, checking credentials first as Twilio does. */
export async function handleApiRequest(backend: SandboxApiBackend, request: Request): Promise<SandboxReply> {
  const url = new URL(request.url);
  const path = url.pathname;
  if (!path.startsWith(PREFIX)) return notFound(path);
  const listMatch = MESSAGES.exec(path);
  const oneMatch = MESSAGE.exec(path);
  const accountInPath = listMatch?.[1] ?? oneMatch?.[1] ?? path.slice(PREFIX.length).split('/')[0] ?? '';

  const credentials = basicCredentials(request.headers.get('authorization'));
  if (
    !credentials ||
    accountInPath !== backend.accountSid ||
    !backend.authenticate(credentials.username, credentials.password)
  ) {
    return respond(
      errorResponse(401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' }),
    );
  }
  if (listMatch && request.method === 'POST') return createMessage(backend, request);
  if (listMatch && request.method === 'GET') return respond(listMessages(backend, url));
  if (oneMatch && request.method === 'GET') {
    const message = backend.find(oneMatch[2] ?? '');
    return message ? respond(Response.json(messageResource(message))) : notFound(path);
  }
  if (listMatch || oneMatch) return respond(errorResponse(405, 20004, 'Method not allowed'));
  return notFound(path);
}

async function createMessage(backend: SandboxApiBackend, request: Request): Promise<SandboxReply> {
  const drawn = backend.takeFault();
  const fault = drawn?.fault ?? null;
  if (fault && !strikesAfterAccept(fault)) {
    switch (fault.kind) {
      case 'rate-limit':
        return respond(
          errorResponse(429, 20429, 'Too Many Requests', { 'Retry-After': String(fault.retryAfterSeconds) }),
        );
      case 'server-error-before-accept':
        return respond(errorResponse(500, 20500, 'Internal Server Error'));
      case 'timeout-before-accept':
        await backend.hold(fault.holdMs, request.signal);
        return respond(errorResponse(504, 20504, 'Gateway Timeout'));
      case 'reset-before-accept':
        return { kind: 'drop', reason: 'reset' };
      case 'connection-refused':
        return { kind: 'drop', reason: 'refused' };
      case 'error-code':
        return respond(errorResponse(fault.httpStatus, fault.code, fault.message ?? `Error ${fault.code}`));
    }
  }

  const form = new URLSearchParams(await request.text());
  const checked = backend.checkSend(form);
  if (!checked.ok) {
    if (drawn) backend.putBackFault(drawn);
    return respond(errorResponse(checked.httpStatus, checked.code, checked.message));
  }
  const message = backend.accept(checked, fault?.kind === 'fail-after-accept' ? fault : null);
  const created = () => Response.json(messageResource(message), { status: 201 });
  switch (fault?.kind) {
    case 'server-error-after-accept':
      return respond(errorResponse(500, 20500, 'Internal Server Error'));
    case 'timeout-after-accept':
      await backend.hold(fault.holdMs, request.signal);
      return respond(created());
    case 'reset-after-accept':
      return { kind: 'drop', reason: 'reset' };
    default:
      return respond(created());
  }
}

function listMessages(backend: SandboxApiBackend, url: URL): Response {
  const query = url.searchParams;
  const filter: MessageFilter = {};
  const to = query.get('To');
  const from = query.get('From');
  if (to) filter.to = to;
  if (from) filter.from = from;
  for (const [name, bound] of [
    ['DateSent', 'day'],
    ['DateSent>', 'after'],
    ['DateSent<', 'before'],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const range = dateRange(value);
    if (!range) return errorResponse(400, 20001, `Invalid value for ${name}: ${value}. Use YYYY-MM-DD.`);
    if (bound !== 'before') filter.sentFrom = Math.max(filter.sentFrom ?? -Infinity, range.start);
    if (bound !== 'after') filter.sentTo = Math.min(filter.sentTo ?? Infinity, range.end);
  }
  const pageSize = clampInt(query.get('PageSize'), 50, 1, 1000);
  const page = clampInt(query.get('Page'), 0, 0, 1_000_000);
  const all = backend.list(filter);
  const items = all.slice(page * pageSize, (page + 1) * pageSize).map(messageResource);
  return Response.json(
    pageEnvelope('messages', url.pathname, query, {
      items,
      page,
      pageSize,
      hasNext: (page + 1) * pageSize < all.length,
    }),
  );
}

/** A GMT day (YYYY-MM-DD) or an instant (ISO 8601 date-time), as an inclusive range in ms. */
function dateRange(value: string): { start: number; end: number } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? null : { start, end: start + DAY_MS - 1 };
  }
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(instant) ? null : { start: instant, end: instant };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function basicCredentials(header: string | null): { username: string; password: string } | null {
  const match = header ? /^Basic\s+(.+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
