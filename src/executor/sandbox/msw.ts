import { http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import type { TwilioSandbox } from './sandbox';

/** Where the SDK sends Messages API calls. */
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';
const ACCOUNT_ROUTES = `${TWILIO_API_ORIGIN}/2010-04-01/Accounts/:accountSid/*`;

/**
 * A refused connection. msw turns an error carrying `code` and `errno` thrown from a handler into
 * a socket error, which the transport's HTTP client reports like a real refusal. msw also prints such errors
 * as handler crashes; that line in the test output is expected for this fault.
 */
export class SandboxConnectionError extends Error {
  override readonly name = 'SandboxConnectionError';
  readonly code = 'ECONNREFUSED';
  readonly errno = -111;
  readonly syscall = 'connect';

  constructor() {
    super('connect ECONNREFUSED (sandbox fault: connection-refused)');
  }
}

type SandboxLookup = (accountSid: string) => TwilioSandbox | undefined;

function routeTo(lookup: SandboxLookup) {
  return http.all(ACCOUNT_ROUTES, async ({ request, params }) => {
    const sandbox = lookup(String(params.accountSid));
    // Another account's request (a real Twilio transport in the same process) goes through.
    if (!sandbox) return undefined;
    const reply = await sandbox.handle(request);
    if (reply.kind === 'drop') {
      if (reply.reason === 'refused') throw new SandboxConnectionError();
      // A network error: the client sees its connection fail after the request went out.
      return Response.error();
    }
    return withKnownLength(reply.response);
  });
}

/**
 * The same response with its body buffered and a Content-Length header. msw's Node interceptor
 * never finishes a streamed body without a length for http.ClientRequest clients (node:http and
 * axios alike): the call would hang until its timeout.
 */
async function withKnownLength(response: Response): Promise<Response> {
  const body = await response.arrayBuffer();
  // A plain object: msw records raw header names when Headers are built from entries, and a
  // Headers copied from another Headers reaches the client without them.
  const headers = { ...Object.fromEntries(response.headers), 'content-length': String(body.byteLength) };
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * msw handlers that answer https://api.twilio.com for these sandboxes (matched by the Account SID
 * in the path), for a test that runs its own `setupServer(...)`. Requests for other accounts fall
 * through to the next handler.
 */
export function createSandboxHandlers(...sandboxes: TwilioSandbox[]) {
  return [routeTo((accountSid) => sandboxes.find((s) => s.accountSid === accountSid))];
}

// One msw server per process serves every sandbox a transport was created for. msw patches
// Node's HTTP modules globally, so two servers would compete for the same requests.
const registered = new Map<string, { sandbox: TwilioSandbox; users: number }>();
let shared: SetupServer | null = null;

/**
 * Routes the SDK's calls for `sandbox`'s account to it, starting the shared msw server if needed.
 * Returns a release function (idempotent); the server stops when the last sandbox is released.
 * Requests for other accounts and other hosts pass through untouched.
 */
export function interceptTwilioWith(sandbox: TwilioSandbox): () => void {
  const entry = registered.get(sandbox.accountSid);
  if (entry && entry.sandbox !== sandbox) {
    throw new Error(
      `Another sandbox already serves account ${sandbox.accountSid}; give each sandbox its own accountSid`,
    );
  }
  registered.set(sandbox.accountSid, { sandbox, users: (entry?.users ?? 0) + 1 });
  if (shared === null) {
    const server = setupServer(routeTo((accountSid) => registered.get(accountSid)?.sandbox));
    server.listen({ onUnhandledRequest: 'bypass' });
    shared = server;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = registered.get(sandbox.accountSid);
    if (current && current.sandbox === sandbox) {
      if (current.users > 1) current.users -= 1;
      else registered.delete(sandbox.accountSid);
    }
    if (registered.size === 0) stopSandboxInterception();
  };
}

/** Stops the shared msw server and forgets every sandbox (for a test suite's afterAll). */
export function stopSandboxInterception(): void {
  registered.clear();
  shared?.close();
  shared = null;
}

/** True while the shared msw server intercepts requests. */
export function isSandboxInterceptionActive(): boolean {
  return shared !== null;
}
