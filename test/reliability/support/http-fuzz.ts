import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { INBOUND_WEBHOOK_PATH, STATUS_WEBHOOK_PATH } from '../../../src/executor/webhooks';
import { expectedTwilioSignature } from '../../../src/executor/webhooks/signature';
import { seeded } from './seeded';

export type FuzzRequest =
  | {
      kind: 'http';
      label: string;
      method: string;
      path: string;
      headers: Record<string, string>;
      body: Buffer | null;
      /** Sent without a Content-Length, in chunks. */
      chunked: boolean;
      /** The server may drop the connection (a body past the limit): an error is not a failure. */
      mayDrop: boolean;
    }
  | { kind: 'raw'; label: string; bytes: Buffer };

export interface FuzzOptions {
  count: number;
  seed: number;
  /** The public base URL the server checks signatures against. */
  publicBase: string;
  authToken: string;
  maxBodyBytes: number;
}

const PATHS = [INBOUND_WEBHOOK_PATH, STATUS_WEBHOOK_PATH];
const PARAM_NAMES = [
  'AccountSid',
  'ApiVersion',
  'MessageSid',
  'SmsSid',
  'From',
  'To',
  'Body',
  'NumMedia',
  'NumSegments',
  'MessageStatus',
  'SmsStatus',
  'ErrorCode',
  'MessagingServiceSid',
  'OptOutType',
  'MediaUrl0',
  '__proto__',
  'constructor',
  'toString',
];
const KEYWORDS = ['STOP', 'START', 'HELP', 'stop', 'UNSUBSCRIBE', 'YES', 'cancel', 'Stop!', 'hi'];
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'APPLICATION/X-WWW-FORM-URLENCODED; charset=ISO-8859-1',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  '',
];
const METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PURGE'];
const OTHER_PATHS = [
  '/',
  '/webhooks/twilio/inbound/',
  '/webhooks/twilio/INBOUND',
  '/webhooks/twilio/inbound/..',
  '/webhooks/twilio/%2e%2e/status',
  '/webhooks//twilio/inbound',
  '/webhooks/twilio/inbound;jsessionid=1',
  '/favicon.ico',
];

/** A lazy stream of `count` hostile requests, the same for the same seed. */
export function* fuzzRequests(options: FuzzOptions): Generator<FuzzRequest> {
  const rng = seeded(options.seed);
  const { int, pick, next } = rng;

  const text = (max: number): string => {
    const length = int(0, max);
    let out = '';
    for (let i = 0; i < length; i++) {
      const roll = next();
      if (roll < 0.6) out += String.fromCharCode(int(0x20, 0x7e));
      else if (roll < 0.7) out += String.fromCharCode(int(0, 0x1f));
      else if (roll < 0.8) out += pick(['%', '%Z', '%ZZ', '%00', '+', '&', '=', '%E0%A4%A', '\u0000']);
      else if (roll < 0.95) out += String.fromCodePoint(int(0xa0, 0x2fff));
      else out += pick(['😀', '\uD800', '\uDFFF', '\u202E', '\uFEFF']);
    }
    return out;
  };
  const bodySize = () => {
    const roll = next();
    if (roll < 0.9) return int(0, 2048);
    if (roll < 0.99) return int(2048, 16 * 1024);
    return int(16 * 1024, options.maxBodyBytes);
  };
  const bytes = (size: number): Buffer => {
    const buffer = Buffer.alloc(size);
    // Four seeded bytes per draw.
    for (let i = 0; i < size; i += 4) {
      const word = Math.floor(next() * 2 ** 32);
      for (let k = 0; k < 4 && i + k < size; k++) buffer[i + k] = (word >>> (8 * k)) & 0xff;
    }
    return buffer;
  };
  const twilioParams = (path: string): Record<string, string> => {
    const sid = `SM${Array.from({ length: 32 }, () => int(0, 15).toString(16)).join('')}`;
    const params: Record<string, string> = {
      AccountSid: 'AC00000000000000000000000000000000',
      ApiVersion: '2010-04-01',
      MessageSid: sid,
      SmsSid: sid,
      From: pick(['+14155550123', '+14155550199', '+447700900123', text(16)]),
      To: pick(['+14155550100', text(16)]),
    };
    if (path === STATUS_WEBHOOK_PATH) {
      params.MessageStatus = pick(['queued', 'sent', 'delivered', 'undelivered', 'failed', text(12)]);
      if (next() < 0.3) params.ErrorCode = pick(['30003', '30034', text(6)]);
    } else {
      params.Body = next() < 0.5 ? pick(KEYWORDS) : text(200);
      params.NumMedia = '0';
    }
    for (let i = int(0, 3); i > 0; i--) params[pick(PARAM_NAMES)] = text(40);
    return params;
  };
  const signatureHeader = (): Record<string, string> => {
    const roll = next();
    if (roll < 0.3) return {};
    if (roll < 0.4) return { 'x-twilio-signature': '' };
    if (roll < 0.8) return { 'x-twilio-signature': bytes(20).toString('base64') };
    if (roll < 0.9) return { 'x-twilio-signature': 'A'.repeat(int(1, 8000)) };
    return { 'x-twilio-signature': printable(text(60)) };
  };
  const spoofHeaders = (): Record<string, string> =>
    next() < 0.2
      ? {
          'x-forwarded-host': pick(['evil.example.com', 'hooks.example.com', '127.0.0.1']),
          'x-forwarded-proto': pick(['http', 'https']),
          'x-forwarded-port': String(int(1, 65535)),
        }
      : {};
  const form = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());
  const http = (
    label: string,
    fields: Partial<Extract<FuzzRequest, { kind: 'http' }>> & { body: Buffer | null },
  ): FuzzRequest => ({
    kind: 'http',
    label,
    method: 'POST',
    path: pick(PATHS),
    headers: {},
    chunked: false,
    mayDrop: false,
    ...fields,
  });

  /** A correctly signed request with one thing changed after signing: never valid. */
  const nearlyValid = (): FuzzRequest => {
    const path = pick(PATHS);
    const query = path === STATUS_WEBHOOK_PATH && next() < 0.5 ? `?outboxId=${int(1, 1000)}` : '';
    const params = twilioParams(path);
    const signed = {
      url: `${options.publicBase}${path}${query}`,
      params: { ...params },
      token: options.authToken,
    };
    const sent = { path: `${path}${query}`, params };
    const mutation = int(0, 8);
    switch (mutation) {
      case 0:
        sent.params = { ...params, Body: `${params.Body ?? ''}!` };
        break;
      case 1:
        sent.params = { ...params, [`X${int(0, 99)}`]: text(10) };
        break;
      case 2: {
        const { From: _dropped, ...rest } = params;
        sent.params = rest;
        break;
      }
      case 3:
        sent.path = `${path}${query ? `${query}1` : '?x=1'}`;
        break;
      case 4:
        signed.url = `${options.publicBase.replace('https:', 'http:')}${path}${query}`;
        break;
      case 5:
        signed.url = `${options.publicBase}:${int(1, 65535)}${path}${query}`;
        break;
      case 6:
        signed.token = `${options.authToken}x`;
        break;
      case 7:
        sent.path = path === INBOUND_WEBHOOK_PATH ? STATUS_WEBHOOK_PATH : INBOUND_WEBHOOK_PATH;
        break;
      default:
        sent.params = { ...params, from: params.From ?? '' };
        break;
    }
    const signature = expectedTwilioSignature({
      authToken: signed.token,
      url: signed.url,
      params: signed.params,
    });
    return http(`nearly-valid-${mutation}`, {
      path: sent.path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        ...spoofHeaders(),
      },
      body: form(sent.params),
    });
  };

  for (let i = 0; i < options.count; i++) {
    const roll = next();
    if (roll < 0.3) {
      yield nearlyValid();
    } else if (roll < 0.55) {
      const path = pick(PATHS);
      yield http('random-form', {
        path,
        headers: { 'content-type': pick(CONTENT_TYPES.slice(0, 3)), ...signatureHeader(), ...spoofHeaders() },
        body: form(twilioParams(path)),
      });
    } else if (roll < 0.7) {
      const type = pick(CONTENT_TYPES);
      yield http('random-bytes', {
        headers: { ...(type ? { 'content-type': type } : {}), ...signatureHeader() },
        body: bytes(bodySize()),
      });
    } else if (roll < 0.78) {
      const method = pick(METHODS);
      const hasBody = !['GET', 'HEAD', 'TRACE'].includes(method);
      yield http(`method-${method}`, {
        method,
        path: pick([...PATHS, ...OTHER_PATHS]),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeader() },
        body: hasBody ? form(twilioParams(INBOUND_WEBHOOK_PATH)) : null,
      });
    } else if (roll < 0.86) {
      const path =
        next() < 0.5
          ? `${pick(PATHS)}?${encodePart(text(100))}=${encodePart(text(100))}`
          : `/${encodePart(text(int(1, 4000)))}`;
      yield http('path', {
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeader() },
        body: form(twilioParams(INBOUND_WEBHOOK_PATH)),
      });
    } else if (roll < 0.92) {
      yield http('encoding', {
        headers: {
          'content-type': pick(CONTENT_TYPES.slice(0, 3)),
          'content-encoding': pick(['gzip', 'br', 'deflate', 'identity', 'x-unknown']),
          ...signatureHeader(),
        },
        body: next() < 0.5 ? bytes(bodySize()) : form(twilioParams(pick(PATHS))),
        chunked: next() < 0.5,
      });
    } else if (roll < 0.95) {
      // Just under the limit: the most the server will read.
      const padding = Math.max(0, options.maxBodyBytes - 400);
      yield http('near-limit', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeader() },
        body: form({ ...twilioParams(INBOUND_WEBHOOK_PATH), Body: 'x'.repeat(int(padding - 2000, padding)) }),
        chunked: next() < 0.5,
      });
    } else if (roll < 0.98) {
      yield http('oversize', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeader() },
        body: bytes(int(options.maxBodyBytes + 1, options.maxBodyBytes * 2)),
        chunked: next() < 0.5,
        mayDrop: true,
      });
    } else {
      yield { kind: 'raw', label: 'raw', bytes: rawRequest(rng, bytes) };
    }
  }
}

/** Percent-encodes any string, lone surrogates included (they become U+FFFD first). */
function encodePart(value: string): string {
  return encodeURIComponent(
    value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

/** Header values the HTTP client accepts: printable Latin-1 only. */
function printable(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}

/** Bytes that are not quite HTTP: smuggling attempts, truncations, garbage, oversized heads. */
function rawRequest(rng: ReturnType<typeof seeded>, bytes: (size: number) => Buffer): Buffer {
  const head = `POST ${INBOUND_WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n`;
  const variants = [
    () => bytes(rng.int(1, 2000)),
    () => `${head}Content-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n`,
    () => `${head}Content-Length: 100\r\n\r\nBody=STOP`,
    () => `${head}Transfer-Encoding: chunked\r\n\r\nzz\r\nBody=STOP\r\n0\r\n\r\n`,
    () => `${head}Content-Length: 5\r\nContent-Length: 9\r\n\r\nBody=STOP`,
    () => `GET /${'A'.repeat(rng.int(9_000, 70_000))} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `${head}X-Bad: a\u0000b\r\nContent-Length: 9\r\n\r\nBody=STOP`,
    () => `${head} folded: header\r\nContent-Length: 9\r\n\r\nBody=STOP`,
    () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    () => `POST ${INBOUND_WEBHOOK_PATH} HTTP/0.9\r\n\r\n`,
    () => `${head}Content-Length: -1\r\n\r\nBody=STOP`,
    () => `${head}Content-Length: 99999999999999999999\r\n\r\nBody=STOP`,
  ];
  const made = rng.pick(variants)();
  return typeof made === 'string' ? Buffer.from(made, 'latin1') : made;
}

export interface FuzzResult {
  sent: number;
  /** Answers to well-formed HTTP requests, by status. */
  byStatus: Record<string, number>;
  /** The same, by kind of request then status: what to look at when a status is unexpected. */
  byLabel: Record<string, Record<string, number>>;
  /** Answers to raw (malformed) requests, by the status line's code, or 'none'. */
  rawByStatus: Record<string, number>;
  /** Dropped connections where dropping is allowed. */
  expectedErrors: number;
  unexpectedErrors: string[];
}

/** Sends every request to `baseUrl`, `concurrency` at a time, each bounded to 10 s. */
export async function sendFuzzed(
  baseUrl: string,
  requests: Iterable<FuzzRequest>,
  { concurrency }: { concurrency: number },
): Promise<FuzzResult> {
  const { hostname: host, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const iterator = requests[Symbol.iterator]();
  const result: FuzzResult = {
    sent: 0,
    byStatus: {},
    byLabel: {},
    rawByStatus: {},
    expectedErrors: 0,
    unexpectedErrors: [],
  };
  const tally = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };

  const sendHttp = (r: Extract<FuzzRequest, { kind: 'http' }>) =>
    new Promise<void>((resolve) => {
      let done = false;
      const finish = (status: number | null, error?: Error) => {
        if (done) return;
        done = true;
        if (status !== null) {
          tally(result.byStatus, String(status));
          result.byLabel[r.label] ??= {};
          tally(result.byLabel[r.label] as Record<string, number>, String(status));
        } else if (r.mayDrop) result.expectedErrors += 1;
        else if (result.unexpectedErrors.length < 20) {
          result.unexpectedErrors.push(`${r.label} ${r.method} ${r.path.slice(0, 80)}: ${error?.message}`);
        } else result.unexpectedErrors.push('...');
        resolve();
      };
      const req = request(
        { host, port, method: r.method, path: r.path, headers: r.headers, agent, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on('end', () => finish(res.statusCode ?? 0));
          res.on('error', (error) => finish(null, error));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', (error) => finish(null, error));
      if (r.body && r.chunked) {
        for (let at = 0; at < r.body.length; at += 4096) req.write(r.body.subarray(at, at + 4096));
        req.end();
      } else {
        req.end(r.body ?? undefined);
      }
    });

  const sendRaw = (r: Extract<FuzzRequest, { kind: 'raw' }>) =>
    new Promise<void>((resolve) => {
      const socket = connect({ host, port: Number(port) });
      let answer = '';
      const finish = () => {
        clearTimeout(timer);
        socket.destroy();
        tally(result.rawByStatus, /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'none');
        resolve();
      };
      const timer = setTimeout(finish, 3_000);
      socket.on('data', (chunk) => {
        if (answer.length < 100) answer += chunk.toString('latin1');
      });
      socket.on('error', finish);
      socket.on('close', finish);
      socket.end(r.bytes);
    });

  async function worker(): Promise<void> {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      result.sent += 1;
      await (next.value.kind === 'http' ? sendHttp(next.value) : sendRaw(next.value));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return result;
}
