import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { describeZodIssues, flowFileSchema, formatIssues } from '../../src/core/index';
import { createPlaygroundRuntime, type PlaygroundRuntime } from './runtime';

const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'The request body is larger than 1 MiB.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, payload: unknown) {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(payload));
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new HttpError(400, `${field} is required`);
  return value.trim();
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
      if (error instanceof HttpError) send(response, error.status, { error: error.message });
      else send(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  };

  async function handle(url: URL, request: IncomingMessage, response: ServerResponse) {
    const api = getRuntime();
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case 'POST /api/run': {
        const body = (await readJson(request)) as Record<string, unknown>;
        const flow = flowFileSchema.safeParse(body.flow);
        if (!flow.success) throw new HttpError(400, formatIssues(describeZodIssues(flow.error), 'flow'));
        const consentAnswer = body.consentAnswer === 'no' ? 'no' : 'yes';
        const result = await api.run({
          flow: flow.data,
          callerNumber: requireString(body.callerNumber, 'callerNumber'),
          consentAnswer,
        });
        return send(response, 200, result);
      }
      case 'GET /api/conversation':
        return send(response, 200, api.conversation(requireString(url.searchParams.get('number'), 'number')));
      case 'POST /api/reply': {
        const body = (await readJson(request)) as Record<string, unknown>;
        const from = requireString(body.from, 'from');
        const flowSender = body.to === undefined ? undefined : requireString(body.to, 'to');
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
