import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { z } from 'zod';
import { FlowSmsError, phoneNumberSchema } from '../../src/core/index';
import { prepareFlow } from '../../src/executor/index';
import type { RunRequest } from '../src/api';
import { createPlaygroundRuntime, type PlaygroundRuntime } from './runtime';

const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'The request body is larger than 1 MiB.');
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(
      400,
      'The request body must be a JSON object, such as {"callerNumber": "+14155550123"}.',
    );
  }
  return body as Record<string, unknown>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * FlowSmsError codes that mean the request itself is wrong (the flow, a phone number), so the
 * user can fix it; any other code (the store, the sandbox) is the server's own failure.
 */
const BAD_INPUT_CODES: ReadonlySet<string> = new Set([
  'invalid_input',
  'invalid_flow',
  'invalid_phone_number',
  'unsupported_version',
]);

function errorPayload(message: string, field: string | undefined) {
  return field ? { error: message, field } : { error: message };
}

// Exactly what the Test run panel sends: anything else ("No", false, "maybe") must not be read as
// a yes, since a yes sends the SMS. "no-answer" is a caller who never answers clearly.
const consentAnswerSchema = z.enum(['yes', 'no', 'no-answer']) satisfies z.ZodType<
  RunRequest['consentAnswer']
>;
const CONSENT_ANSWER_HELP =
  'consentAnswer must be "yes" or "no" (or "no-answer" for a caller who gives no clear answer): the answer the caller gives';

function readConsentAnswer(value: unknown): RunRequest['consentAnswer'] {
  if (value === undefined) return undefined;
  const parsed = consentAnswerSchema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, `${CONSENT_ANSWER_HELP} (got ${JSON.stringify(value)}).`, 'consentAnswer');
  }
  return parsed.data;
}

function send(response: ServerResponse, status: number, payload: unknown) {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(payload));
}

const PHONE_FIELD_EXAMPLE = '"+14155550123"';

/** A text field of the request: missing and not text are two different mistakes, said as such. */
function requireString(value: unknown, field: string, example?: string): string {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim()))
    throw new HttpError(400, `${field} is required`, field);
  if (typeof value !== 'string') {
    const such = example ? `, such as ${example}` : '';
    throw new HttpError(400, `${field} must be text${such} (got ${JSON.stringify(value)})`, field);
  }
  return value.trim();
}

// The sandbox would refuse a bad number too, but naming the request's own field says what to fix.
function requirePhoneNumber(value: unknown, field: string): string {
  const number = requireString(value, field, PHONE_FIELD_EXAMPLE);
  const parsed = phoneNumberSchema.safeParse(number);
  if (!parsed.success)
    throw new HttpError(400, `${field} ${parsed.error.issues[0]?.message} (got "${number}")`, field);
  return parsed.data;
}

/**
 * Serves the playground's sandbox API from the Vite dev and preview servers, so the README's one
 * command gives a working flow builder with a Twilio stand-in and nothing else to start.
 */
export function sandboxApi(): Plugin {
  let runtime: PlaygroundRuntime | undefined;
  const getRuntime = () => {
    runtime ??= createPlaygroundRuntime({
      dataDir: process.env.FLOW_SMS_DATA_DIR ?? resolve('.flow-sms/playground'),
    });
    return runtime;
  };

  const middleware: Connect.NextHandleFunction = (request, response, next) => {
    const url = new URL(request.url ?? '/', 'http://playground.local');
    if (!url.pathname.startsWith('/api/')) return next();
    handle(url, request, response).catch((error: unknown) => {
      if (error instanceof HttpError) send(response, error.status, errorPayload(error.message, error.field));
      else if (error instanceof FlowSmsError && BAD_INPUT_CODES.has(error.code))
        send(response, 400, errorPayload(error.message, error.field));
      else send(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  };

  async function handle(url: URL, request: IncomingMessage, response: ServerResponse) {
    const api = getRuntime();
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case 'POST /api/run': {
        const body = await readJson(request);
        const consentAnswer = readConsentAnswer(body.consentAnswer);
        const flow = prepareFlow(body.flow);
        // Only an 'ask' node calls the askConsent hook, so only then is there a question to answer.
        const asks = [...flow.nodes.values()].some(
          (node) => node.kind === 'sendSms' && node.data.consent.mode === 'ask',
        );
        if (asks && consentAnswer === undefined) {
          throw new HttpError(
            400,
            `${CONSENT_ANSWER_HELP} to the flow's consent question; it is required because a Send SMS node asks for consent.`,
            'consentAnswer',
          );
        }
        const result = await api.run({
          flow: flow.file,
          // Checked like the conversation's and the reply's number: a number this route accepted but
          // they refused would run the flow and then show nothing of it.
          callerNumber: requirePhoneNumber(body.callerNumber, 'callerNumber'),
          consentAnswer,
        });
        return send(response, 200, result);
      }
      case 'GET /api/conversation':
        return send(
          response,
          200,
          api.conversation(requirePhoneNumber(url.searchParams.get('number'), 'number')),
        );
      case 'POST /api/reply': {
        const body = await readJson(request);
        const from = requirePhoneNumber(body.from, 'from');
        const flowSender = body.to === undefined ? undefined : requirePhoneNumber(body.to, 'to');
        const result = await api.reply(from, requireString(body.body, 'body'), flowSender);
        if (!result) {
          throw new HttpError(
            409,
            `Nothing was sent to ${from} yet and the flow has no sender for this environment, so there is no number to reply to: run the flow first.`,
          );
        }
        return send(response, 200, result);
      }
      case 'GET /api/stats':
        return send(response, 200, api.stats());
      default:
        throw new HttpError(404, `No playground API route ${route}`);
    }
  }

  return {
    name: 'flow-sms-sandbox-api',
    configureServer(server) {
      server.middlewares.use(middleware);
      server.httpServer?.once('close', () => runtime?.close());
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
      server.httpServer?.once('close', () => runtime?.close());
    },
  };
}
