// The playground's backend is a host's backend: it uses the executor's public entry point, the
// module `flow-sms/executor` resolves to once the package is installed.
import type { Environment } from '../../src/core/index';
import {
  createSandbox,
  createSandboxTransport,
  createSendSmsExecutor,
  createWebhookHandlers,
  type FlowRunResult,
  type FlowSmsStore,
  INBOUND_WEBHOOK_PATH,
  openStore,
  runFlow,
  type SendSmsExecutor,
  type WebhookHandlers,
} from '../../src/executor/index';
import type { Conversation, RunRequest } from '../src/api';

/** Webhooks never leave the process in the sandbox, but they are signed and checked for this URL. */
const SANDBOX_PUBLIC_BASE = 'https://playground.flow-sms.invalid';

/**
 * One sandbox, one store and the webhook handlers, alive as long as the dev/preview server. Each
 * test run gets a fresh executor for the flow's templates and environment; replies typed into the
 * phone reach the executors still waiting for an SMS consent answer.
 */
export function createPlaygroundRuntime(options: { dataDir: string }) {
  const store: FlowSmsStore = openStore({ dataDir: options.dataDir });
  let environment: Environment = 'sandbox';
  const waiting = new Set<SendSmsExecutor>();
  const handlersByEnvironment = new Map<Environment, WebhookHandlers>();

  const sandbox = createSandbox({
    inboundUrl: `${SANDBOX_PUBLIC_BASE}${INBOUND_WEBHOOK_PATH}`,
    onInbound: (request) => handlersFor(environment).inbound(request),
    onStatusCallback: (request) => handlersFor(environment).status(request),
    // Deliveries show up on their own in the phone view, quickly enough to watch.
    lifecycle: { mode: 'timers', sentAfterMs: 300, deliveredAfterMs: 1_200 },
  });
  const transport = createSandboxTransport(sandbox);

  function handlersFor(env: Environment): WebhookHandlers {
    let handlers = handlersByEnvironment.get(env);
    if (!handlers) {
      handlers = createWebhookHandlers({
        store,
        environment: env,
        authToken: sandbox.authToken,
        publicBaseUrl: SANDBOX_PUBLIC_BASE,
        executor: { receiveReply: (reply) => [...waiting].some((executor) => executor.receiveReply(reply)) },
      });
      handlersByEnvironment.set(env, handlers);
    }
    return handlers;
  }

  async function run(request: RunRequest): Promise<FlowRunResult> {
    environment = request.flow.environment ?? 'sandbox';
    const { consentAnswer } = request;
    const executor = createSendSmsExecutor({
      transport,
      store,
      environment,
      templates: request.flow.templates,
      defaultSenders: request.flow.senders,
      statusCallbackBaseUrl: SANDBOX_PUBLIC_BASE,
      // Without an answer there is no hook: an 'ask' node then fails its step instead of sending.
      ...(consentAnswer && {
        askConsent: () => ({
          answer: consentAnswer,
          utterance:
            consentAnswer === 'no-answer' ? null : `${consentAnswer} (answered in the playground's test run)`,
        }),
      }),
    });
    waiting.add(executor);
    try {
      return await runFlow(request.flow, { executor, callerNumber: request.callerNumber });
    } finally {
      waiting.delete(executor);
    }
  }

  function conversation(number: string): Conversation {
    return {
      number,
      optedOut: store.listOptOuts(environment).some((state) => state.recipient === number && state.optedOut),
      messages: sandbox.conversation(number).map((message) => ({
        direction: message.direction === 'inbound' ? 'inbound' : 'outbound',
        from: message.from ?? '',
        to: message.to,
        body: message.body,
        ...(message.direction === 'inbound' ? {} : { status: message.status }),
        at: message.dateCreated.toISOString(),
      })),
    };
  }

  /**
   * The recipient texts back, to the number that last texted them (as a phone's reply does), or,
   * when nothing reached them since the server started (opt-outs outlive it, the sandbox's messages
   * do not), to `flowSender`: the number the current flow sends from. Null when there is neither.
   */
  async function reply(from: string, body: string, flowSender?: string) {
    const lastSender = sandbox
      .conversation(from)
      .filter((message) => message.direction !== 'inbound' && message.from)
      .at(-1)?.from;
    const to = lastSender ?? flowSender;
    if (!to) return null;
    const received = await sandbox.receiveReply({ from, to, body });
    return { reply: received.replies.map((message) => message.body).join('\n') || null };
  }

  return {
    run,
    conversation,
    reply,
    stats: () => store.stats(),
    close() {
      transport.close();
      sandbox.close();
      store.close();
    },
  };
}

export type PlaygroundRuntime = ReturnType<typeof createPlaygroundRuntime>;
