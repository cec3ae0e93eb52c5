import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import type { CountryCode } from '../../core/phone';
import { parseSendSmsNodeData } from '../../core/schemas/migrate-node-data';
import type { SendSmsNodeData } from '../../core/schemas/send-sms-node';
import { countSegments } from '../../core/segments';
import { createSqliteOutbox } from '../outbox/sqlite-outbox';
import type { Outbox } from '../outbox/types';
import { newMessageId } from '../store/message-id';
import type { MessageRecord } from '../store/messages';
import type { ErrorInfo, NewMessage } from '../store/schemas';
import { STATUS_WEBHOOK_PATH } from '../webhooks/public-url';
import { STATUS_CALLBACK_MESSAGE_PARAM } from '../webhooks/status-callback';
import { type Clock, systemClock } from './clock';
import { type ConsentDecision, decideConsent } from './consent';
import { createDelivery, type Delivery, type NewSend } from './delivery';
import { payloadOf } from './ledger';
import { silentLogger } from './logger';
import { resolveMessageSource, templateLookup } from './message-source';
import { optedOutError } from './opted-out';
import {
  type ExecutionContext,
  executionContextSchema,
  executorOptionsSchema,
  type SendSmsExecutorOptions,
} from './options';
import { type RecipientResolution, resolveRecipient } from './recipient';
import { renderMessage } from './render';
import { createReplyWaiters } from './reply-waiters';
import { resultFromMessage, type SendSmsResult } from './result';
import { askBySms } from './sms-reply-consent';

export type EnqueueResult =
  | { messageId: string; status: 'queued' }
  /** The node ended before anything was queued (declined, opted out, failed), or had already run. */
  | { messageId: string | null; status: SendSmsResult['branch']; result: SendSmsResult };

export interface SendSmsExecutor {
  /** Runs a Send SMS node to its branch: consent, recipient, render, opt-out, then send. */
  execute(nodeData: unknown, context: ExecutionContext): Promise<SendSmsResult>;
  /**
   * Does everything `execute` does up to the outbox commit, then returns; a worker sends. Consent
   * still comes first, so a node that asks (`ask`, `sms-reply`) returns once the answer is in.
   */
  enqueue(nodeData: unknown, context: ExecutionContext): Promise<EnqueueResult>;
  /**
   * Hands an inbound SMS to the `sms-reply` consents waiting in this process; true when it
   * answered one. The webhook layer calls it after recording the message in the store.
   */
  receiveReply(message: { from: string; to: string; body: string; at?: Date }): boolean;
  readonly environment: SendSmsExecutorOptions['environment'];
  readonly outbox: Outbox;
  /** The send/retry/reconcile engine, shared with the outbox worker. */
  readonly delivery: Delivery;
  readonly clock: Clock;
}

const replySchema = z.object({
  from: z.string().trim().min(1, 'must not be empty'),
  to: z.string().trim().min(1, 'must not be empty'),
  body: z.string(),
  at: z.date().optional(),
});

type Prepared =
  /** Ended before anything was sent (declined, opted out, failed), or already run. */
  | { kind: 'message'; message: MessageRecord }
  /** Ready to log and send. */
  | { kind: 'send'; input: NewSend }
  | { kind: 'pending'; result: SendSmsResult };

/** One key per (run, node, recipient): the same node in the same run never texts the same person twice. */
export function idempotencyKeyFor(runId: string, nodeId: string, recipient: string): string {
  return JSON.stringify([runId, nodeId, recipient]);
}

function pendingResult(message: MessageRecord | null, error?: ErrorInfo): SendSmsResult {
  return {
    branch: 'failed',
    ...(message ? { message: resultFromMessage(message).message } : {}),
    error: error ?? {
      code: 'delivery_pending',
      message:
        'The message is still in the outbox and its outcome is not known yet; it will not be sent twice.',
      hint: 'Run the node again with the same run id to get its result once a worker has settled it.',
    },
  } as SendSmsResult;
}

export function createSendSmsExecutor(options: SendSmsExecutorOptions): SendSmsExecutor {
  const o = parseOrThrow(executorOptionsSchema, options, 'Send SMS executor options');
  const { store, transport, environment } = o;
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const outbox = o.outbox ?? createSqliteOutbox(store);
  const owner = o.ownerId ?? `executor-${process.pid}-${randomUUID().slice(0, 8)}`;
  const lookup = templateLookup(o.templates);
  const waiters = createReplyWaiters();
  const now = () => clock.now();
  const delivery = createDelivery({
    store,
    outbox,
    transport,
    clock,
    logger,
    retry: o.retry,
    leaseMs: o.leaseMs,
    pollIntervalMs: o.pollIntervalMs,
    rateLimiter: o.rateLimiter,
  });

  const statusCallbackFor = (id: string) =>
    o.statusCallbackBaseUrl
      ? `${o.statusCallbackBaseUrl.replace(/\/+$/, '')}${STATUS_WEBHOOK_PATH}?${STATUS_CALLBACK_MESSAGE_PARAM}=${encodeURIComponent(id)}`
      : null;

  /** Puts a logged, unsettled message in the outbox (again, harmlessly, if it is already there). */
  async function ensureQueued(message: MessageRecord): Promise<void> {
    if (message.outcome !== null) return;
    await outbox.enqueue({
      id: message.id,
      idempotencyKey: message.idempotencyKey,
      at: now(),
      payload: payloadOf(message),
    });
  }

  /** A message to log and send, under a fresh id. */
  function newSend(input: Omit<NewMessage, 'at' | 'id' | 'statusCallback'>): NewSend {
    const at = now();
    const id = newMessageId(at.getTime());
    return { ...input, id, statusCallback: statusCallbackFor(id), at };
  }

  async function drive(messageId: string): Promise<MessageRecord | null> {
    const step = await delivery.drive(messageId, owner, o.maxWaitMs);
    return step.kind === 'done' ? step.message : null;
  }

  function begin(rawNode: unknown, rawContext: ExecutionContext) {
    const node = parseSendSmsNodeData(rawNode);
    const context = parseOrThrow(executionContextSchema, rawContext, 'execution context');
    const recipient = resolveRecipient(
      node.to,
      context.variables,
      context.callerNumber,
      o.defaultCountry as CountryCode | undefined,
    );
    const recipientKey = recipient.ok ? recipient.e164 : `unresolved:${recipient.given ?? ''}`;
    return { node, context, recipient, key: idempotencyKeyFor(context.runId, context.nodeId, recipientKey) };
  }

  async function prepare(
    node: SendSmsNodeData,
    context: z.output<typeof executionContextSchema>,
    recipient: RecipientResolution,
    key: string,
  ): Promise<Prepared> {
    const source = await resolveMessageSource(node.message, environment, lookup, o.defaultSenders);
    const base = {
      idempotencyKey: key,
      environment,
      runId: context.runId,
      nodeId: context.nodeId,
      recipientInput: recipient.given,
      to: recipient.ok ? recipient.e164 : null,
      from: source.ok ? source.sender : null,
    };
    const end = (
      outcome: 'declined' | 'opted_out' | 'failed',
      error: ErrorInfo | null,
      extra: Partial<NewMessage> = {},
    ): Prepared => {
      logger.info?.(`Send SMS node ended: ${outcome}`, {
        runId: context.runId,
        nodeId: context.nodeId,
        code: error?.code,
      });
      const { message } = store.createMessage({ ...base, ...extra, result: { outcome, error }, at: now() });
      return { kind: 'message', message };
    };

    // 1. Consent. Asking by SMS needs a recipient and a sender first.
    let decision: ConsentDecision;
    if (node.consent.mode === 'sms-reply') {
      if (!recipient.ok) return end('failed', recipient.error);
      if (!source.ok) return end('failed', source.error);
      const to = recipient.e164;
      decision = await askBySms(
        node.consent,
        { environment, to, sender: source.sender },
        {
          store,
          clock,
          waiters,
          pollIntervalMs: o.pollIntervalMs,
          deliver: drive,
          enqueueQuestion: (text, replyBy) => {
            const { segments, encoding } = countSegments(text);
            return delivery.queueNew(
              newSend({
                ...base,
                idempotencyKey: `${key}#consent-question`,
                purpose: 'consent-question',
                body: text,
                replyBy,
                segments,
                encoding,
              }),
            );
          },
        },
      );
    } else {
      decision = await decideConsent(node.consent, context, o.askConsent, now);
    }
    const consent = { consent: decision.evidence, consentAt: decision.at };
    switch (decision.kind) {
      case 'failed':
        if (decision.error.code === 'delivery_pending')
          return { kind: 'pending', result: pendingResult(null, decision.error) };
        return end('failed', decision.error, consent);
      case 'declined':
        return end('declined', null, consent);
      case 'opted_out':
        return end('opted_out', optedOutError(base.to, base.from), consent);
      case 'given':
        break;
    }

    // 2. Recipient.
    if (!recipient.ok) return end('failed', recipient.error, consent);
    // 3. Render.
    if (!source.ok) return end('failed', source.error, consent);
    const rendered = renderMessage(source.body, node, context.variables);
    if (!rendered.ok) return end('failed', rendered.error, consent);
    const content = {
      ...consent,
      body: rendered.text,
      segments: rendered.segments,
      encoding: rendered.encoding,
    };
    // 4. Opt-out.
    if (store.isOptedOut(environment, recipient.e164, source.sender)) {
      return end('opted_out', optedOutError(recipient.e164, source.sender), content);
    }
    // 5. Outbox (then the caller sends).
    return { kind: 'send', input: newSend({ ...base, ...content }) };
  }

  /**
   * A message found under this run's key, as long as it was logged in this executor's environment.
   * The key names a run, not an environment: a live run reusing a sandbox run's id would otherwise
   * report the sandbox send as its own and text nobody.
   */
  function loggedForThisRun(key: string, ctx: { runId: string; nodeId: string }): MessageRecord | null {
    const existing = store.messageByKey(key);
    if (existing && existing.environment !== environment) {
      throw new FlowSmsError(
        'invalid_input',
        `Run id "${ctx.runId}" already ran node "${ctx.nodeId}" for this recipient in the ${existing.environment} environment; this executor sends in ${environment}. Give this run its own run id.`,
        'runId',
      );
    }
    return existing;
  }

  async function settle(message: MessageRecord): Promise<SendSmsResult> {
    if (message.outcome !== null) return resultFromMessage(message);
    await ensureQueued(message);
    const settled = await drive(message.id);
    return settled ? resultFromMessage(settled) : pendingResult(store.messageById(message.id));
  }

  return {
    environment,
    outbox,
    delivery,
    clock,
    async execute(nodeData, context) {
      const { node, context: ctx, recipient, key } = begin(nodeData, context);
      const existing = loggedForThisRun(key, ctx);
      if (existing) return settle(existing);
      const prepared = await prepare(node, ctx, recipient, key);
      switch (prepared.kind) {
        case 'pending':
          return prepared.result;
        case 'message':
          return settle(prepared.message);
        case 'send': {
          const step = await delivery.sendNew(prepared.input, owner, o.maxWaitMs);
          return step.kind === 'done'
            ? resultFromMessage(step.message)
            : pendingResult(store.messageByKey(prepared.input.idempotencyKey));
        }
      }
    },
    async enqueue(nodeData, context) {
      const { node, context: ctx, recipient, key } = begin(nodeData, context);
      let message = loggedForThisRun(key, ctx);
      let queued = false;
      if (!message) {
        const prepared = await prepare(node, ctx, recipient, key);
        if (prepared.kind === 'pending') {
          return { messageId: null, status: 'failed', result: prepared.result };
        }
        queued = prepared.kind === 'send';
        message = prepared.kind === 'send' ? await delivery.queueNew(prepared.input) : prepared.message;
      }
      if (message.outcome !== null) {
        return { messageId: message.id, status: message.outcome, result: resultFromMessage(message) };
      }
      if (!queued) await ensureQueued(message);
      return { messageId: message.id, status: 'queued' };
    },
    receiveReply(message) {
      const reply = parseOrThrow(replySchema, message, 'inbound reply');
      return waiters.offer({ ...reply, at: reply.at ?? now() });
    },
  };
}
