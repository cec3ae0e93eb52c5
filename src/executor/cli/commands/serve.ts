import { ENVIRONMENTS } from '../../../core/environments';
import { FlowSmsError } from '../../../core/errors';
import {
  createWebhookHandlers,
  INBOUND_WEBHOOK_PATH,
  STATUS_WEBHOOK_PATH,
  startWebhookServer,
  type WebhookHandlers,
} from '../../webhooks';
import { choiceFlag, integerFlag, parseCommandArgs } from '../args';
import { HELP } from '../help';
import { CliError, type CliIo, EXIT_OK, stderrLogger } from '../io';
import { checkedPublicUrl, openCliStore, PUBLIC_URL_ENV } from '../runtime';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'public-url': { type: 'string' },
  env: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const DEFAULT_SERVE_PORT = 8787;

/** Serves the webhooks until SIGINT/SIGTERM; inbound replies reach runs waiting in other processes through the store. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('serve', args, OPTIONS, { min: 0, max: 0, names: '' });
  if (values.help) {
    io.stdout(HELP.serve);
    return EXIT_OK;
  }
  const port = integerFlag('port', values.port, DEFAULT_SERVE_PORT, 0, 65_535);
  const host = values.host?.trim() || '127.0.0.1';
  const environment = choiceFlag('env', values.env, ENVIRONMENTS, 'live');
  const authToken = io.env.TWILIO_AUTH_TOKEN?.trim();
  if (!authToken) {
    throw new CliError(
      'flow-sms serve: TWILIO_AUTH_TOKEN is not set. The server checks every request against Twilio’s signature, which needs the auth token of the account whose numbers point here.',
    );
  }
  // --public-url, else FLOW_SMS_PUBLIC_URL, checked before anything starts.
  const [source, given] = values['public-url']?.trim()
    ? ['--public-url', values['public-url']]
    : [PUBLIC_URL_ENV, io.env[PUBLIC_URL_ENV]];
  const explicitUrl = checkedPublicUrl(source, given, (problem) => `flow-sms serve: ${problem}`);
  const store = openCliStore(io, values['data-dir']);
  try {
    // The handlers check signatures against the public URL, which without --public-url is the
    // local address, known only once the server listens (--port 0 picks one): bind them then.
    let handlers: WebhookHandlers | undefined;
    const server = await startWebhookServer({
      handlers: {
        inbound: (request) => (handlers as WebhookHandlers).inbound(request),
        status: (request) => (handlers as WebhookHandlers).status(request),
      },
      port,
      host,
    }).catch((error: unknown) => {
      throw listenError(error, host, port);
    });
    try {
      handlers = createWebhookHandlers({
        store,
        environment,
        authToken,
        publicBaseUrl: explicitUrl || server.url,
        logger: stderrLogger(io),
      });
    } catch (error) {
      await server.close();
      throw error;
    }
    const base = (explicitUrl || server.url).replace(/\/+$/, '');
    io.stdout(
      [
        `flow-sms webhook server listening on ${server.url} (environment: ${environment})`,
        '',
        'Set these in the Twilio Console (Phone Numbers > your number > Messaging):',
        `  A message comes in (HTTP POST):  ${base}${INBOUND_WEBHOOK_PATH}`,
        `  Status callbacks:                ${base}${STATUS_WEBHOOK_PATH}`,
        explicitUrl
          ? ''
          : `\nNo public URL given: Twilio must reach ${server.url} exactly. Behind a tunnel or proxy, pass --public-url (or set ${PUBLIC_URL_ENV}) to the URL Twilio uses.`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await io.untilStopped();
    await server.close();
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(`flow-sms serve: ${error.message}`);
    throw error;
  } finally {
    store.close();
  }
  return EXIT_OK;
}

/** Why the server could not listen, as something to fix (a port in use, a host that is not this machine's). */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new CliError(
        `flow-sms serve: port ${port} on ${host} is already in use (another flow-sms serve?). Stop what listens there, or pass another --port.`,
      );
    case 'EACCES':
      return new CliError(
        `flow-sms serve: not allowed to listen on ${where} (ports below 1024 need extra rights). Pass a --port of 1024 or more.`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliError(
        `flow-sms serve: cannot listen on --host ${JSON.stringify(host)}: it is not an address of this machine. Pass 127.0.0.1 (the default), 0.0.0.0 (every interface) or one of this machine's addresses.`,
      );
    default:
      return error;
  }
}
