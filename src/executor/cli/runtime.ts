import type { Environment } from '../../core/environments';
import { type FieldIssue, FlowSmsError } from '../../core/errors';
import type { FlowFile } from '../../core/schemas/flow';
import type { AskConsent } from '../executor/options';
import { createSendSmsExecutor, type SendSmsExecutor } from '../executor/send-sms-executor';
import { createRateLimiter } from '../rate-limiter';
import { createSandbox, createSandboxTransport, type TwilioSandbox } from '../sandbox';
import { type FlowSmsStore, openStore } from '../store';
import type { OutboundMessage, SmsTransport } from '../transport/types';
import { createTwilioTransport, type TwilioCredentials, twilioCredentialsFromEnv } from '../twilio';
import { createWebhookHandlers, INBOUND_WEBHOOK_PATH, publicBaseUrlSchema } from '../webhooks';
import { CliError, type CliIo, stderrLogger } from './io';
import type { ConsentNote } from './trace';

/**
 * The sandbox's stand-in for a public webhook URL. Status callbacks and replies never leave the
 * process (the sandbox hands them to the webhook handlers directly), but they are still signed
 * for this URL and checked like Twilio's.
 */
const SANDBOX_PUBLIC_BASE = 'https://sandbox.flow-sms.invalid';

/** The environment variable naming the public URL Twilio reaches the webhook server at. */
export const PUBLIC_URL_ENV = 'FLOW_SMS_PUBLIC_URL';

/**
 * The environment variable that sends Twilio API calls to another Twilio-compatible server
 * (a staging mock, or `startSandboxServer` in a test) instead of https://api.twilio.com.
 */
export const TWILIO_API_URL_ENV = 'FLOW_SMS_TWILIO_API_URL';

/**
 * The Twilio transport for these credentials, sent to FLOW_SMS_TWILIO_API_URL when it is set. The
 * transport checks the URL; a refusal is reported under the variable's name, the thing to fix.
 */
function twilioTransportFor(io: CliIo, credentials: TwilioCredentials): SmsTransport {
  const baseUrl = io.env[TWILIO_API_URL_ENV]?.trim() || undefined;
  try {
    return createTwilioTransport({ credentials, baseUrl });
  } catch (error) {
    if (!(error instanceof FlowSmsError) || error.field !== 'baseUrl') throw error;
    const [issue] = (error.details as FieldIssue[] | undefined) ?? [];
    throw new CliError(
      `${TWILIO_API_URL_ENV} ${issue?.message ?? 'is not a usable URL'} (got "${baseUrl}"); unset it to send through https://api.twilio.com.`,
    );
  }
}

/**
 * FLOW_SMS_PUBLIC_URL, checked by the executor's own statusCallbackBaseUrl schema; a refusal names
 * the variable, since the option the executor would name is one the user never set.
 */
function publicUrlFrom(io: CliIo): string | undefined {
  return checkedPublicUrl(
    PUBLIC_URL_ENV,
    io.env[PUBLIC_URL_ENV],
    (problem) =>
      `${problem}; set it to the https:// URL Twilio reaches \`flow-sms serve\` at, or unset it to send without status callbacks.`,
  );
}

/**
 * A public base URL given by `source` (a flag or FLOW_SMS_PUBLIC_URL), checked by the webhooks' own
 * schema, the one the executor and the handlers use; a refusal names `source`, the thing the user set.
 */
export function checkedPublicUrl(
  source: string,
  value: string | undefined,
  message: (problem: string) => string = (problem) => problem,
): string | undefined {
  const given = value?.trim();
  if (!given) return undefined;
  const checked = publicBaseUrlSchema.safeParse(given);
  if (checked.success) return checked.data;
  throw new CliError(message(`${source} ${checked.error.issues[0]?.message} (got "${given}")`));
}

export function openCliStore(io: CliIo, dataDir: string | undefined): FlowSmsStore {
  try {
    return openStore({ cwd: io.cwd, ...(dataDir ? { dataDir } : {}) });
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(`${error.message} (--data-dir)`);
    throw error;
  }
}

/** Twilio credentials from the environment, or null for the sandbox; a partial set is bad input. */
export function credentialsFromEnv(io: CliIo): TwilioCredentials | null {
  try {
    return twilioCredentialsFromEnv(io.env);
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(error.message);
    throw error;
  }
}

export interface RunRuntime {
  executor: SendSmsExecutor;
  store: FlowSmsStore;
  transportKind: 'twilio' | 'sandbox';
  /** Lets every status change already due happen (sandbox: delivery and callbacks), then returns. */
  settle(): Promise<void>;
  close(): void;
}

export interface RunRuntimeOptions {
  io: CliIo;
  flow: FlowFile;
  environment: Environment;
  dataDir: string | undefined;
  /** The caller's answer to every consent question: asked by the host (`ask`) or by SMS (`sms-reply`). */
  consent: 'yes' | 'no';
  /** Where recipients written without a country code are read as dialled (--country). */
  defaultCountry?: string;
  /** Told about each consent question, for the trace. */
  onConsent(event: ConsentNote): void;
}

/**
 * The executor a CLI run uses: real Twilio when TWILIO_* credentials are set, else the embedded
 * sandbox. Pre-release and live runs need credentials: they exist to text real people.
 */
export function openRunRuntime(options: RunRuntimeOptions): RunRuntime {
  const { io, flow, environment } = options;
  const credentials = credentialsFromEnv(io);
  if (!credentials && environment !== 'sandbox') {
    throw new CliError(
      `The ${environment} environment (from --env or the flow's "environment") sends real messages through Twilio, but no Twilio credentials are set. Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET), or run with --env sandbox.`,
    );
  }
  const publicUrl = credentials ? publicUrlFrom(io) : undefined;
  const store = openCliStore(io, options.dataDir);
  const askConsent: AskConsent = (request) => {
    options.onConsent({
      nodeId: request.nodeId,
      question: request.question,
      answer: options.consent,
      by: 'ask',
    });
    return {
      answer: options.consent,
      utterance: `${options.consent} (flow-sms run --consent ${options.consent})`,
    };
  };
  const common = {
    store,
    environment,
    templates: flow.templates,
    defaultSenders: flow.senders,
    askConsent,
    ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
  };

  if (credentials) {
    const executor = createSendSmsExecutor({
      ...common,
      transport: twilioTransportFor(io, credentials),
      // Real carriers throttle per sender (1 segment/s on a long code); pacing here keeps Twilio's
      // queue short instead of letting messages wait there for hours or expire.
      rateLimiter: createRateLimiter(),
      ...(publicUrl ? { statusCallbackBaseUrl: publicUrl } : {}),
    });
    return { executor, store, transportKind: 'twilio', settle: async () => {}, close: () => store.close() };
  }

  let executor: SendSmsExecutor | undefined;
  const sandbox: TwilioSandbox = createSandbox({
    inboundUrl: `${SANDBOX_PUBLIC_BASE}${INBOUND_WEBHOOK_PATH}`,
    onInbound: (request) => handlers.inbound(request),
    onStatusCallback: (request) => handlers.status(request),
  });
  const handlers = createWebhookHandlers({
    store,
    environment,
    authToken: sandbox.authToken,
    publicBaseUrl: SANDBOX_PUBLIC_BASE,
    executor: { receiveReply: (reply) => executor?.receiveReply(reply) ?? false },
    logger: stderrLogger(io, { warn: false }),
  });
  const sandboxTransport = createSandboxTransport(sandbox);
  const transport = answeringConsentQuestions(sandboxTransport, store, sandbox, options);
  executor = createSendSmsExecutor({ ...common, transport, statusCallbackBaseUrl: SANDBOX_PUBLIC_BASE });
  return {
    executor,
    store,
    transportKind: 'sandbox',
    settle: () => sandbox.settle(),
    close: () => {
      sandboxTransport.close();
      sandbox.close();
      store.close();
    },
  };
}

/**
 * In the sandbox nobody holds the recipient's phone, so the CLI plays them: when an `sms-reply`
 * consent question is accepted, the recipient texts back the `--consent` answer through the
 * sandbox, which posts it to the inbound webhook handler like Twilio would. The waiting node then
 * takes its branch exactly as it would from a real reply.
 */
function answeringConsentQuestions(
  transport: SmsTransport,
  store: FlowSmsStore,
  sandbox: TwilioSandbox,
  options: RunRuntimeOptions,
): SmsTransport {
  const consentQuestion = (message: OutboundMessage) =>
    store
      .recentMessages(20, { purpose: 'consent-question' })
      .find((m) => m.outcome === null && m.to === message.to && m.body === message.body);
  return {
    kind: transport.kind,
    fetchMessage: (sid) => transport.fetchMessage(sid),
    listMessages: (query) => transport.listMessages(query),
    async send(message) {
      const question = consentQuestion(message);
      const outcome = await transport.send(message);
      if (question && outcome.kind === 'accepted') {
        options.onConsent({
          nodeId: question.nodeId,
          question: message.body,
          answer: options.consent,
          by: 'sms-reply',
        });
        const reply = {
          from: message.to,
          to: outcome.from ?? message.from,
          body: options.consent.toUpperCase(),
        };
        // After the executor has seen the send succeed and started waiting for the reply.
        setImmediate(() => {
          sandbox.receiveReply(reply).catch((error: unknown) => {
            options.io.stderr(
              `flow-sms: the sandbox recipient could not reply: ${(error as Error).message}\n`,
            );
          });
        });
      }
      return outcome;
    },
  };
}
