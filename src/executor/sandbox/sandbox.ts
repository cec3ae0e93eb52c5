import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { classifyKeyword } from '../../core/keywords';
import { phoneNumberSchema } from '../../core/schemas/sender';
import { countSegments } from '../../core/segments/count-segments';
import { type TwilioCredentials, twilioCredentials, withRedactedPrinting } from '../twilio/credentials';
import { describeTwilioError } from '../twilio/error-hints';
import { handleApiRequest, type MessageFilter, type SandboxApiBackend, type SandboxReply } from './api';
import { type DrawnFault, FaultBook } from './faults';
import { randomSid, randomToken } from './ids';
import { DEFAULT_SANDBOX_NUMBER, UNDELIVERABLE_RECIPIENTS } from './magic-numbers';
import { API_VERSION } from './resources';
import {
  type SandboxConfig,
  type SandboxFault,
  type SandboxFaultInput,
  type SandboxMessage,
  type SandboxMessageStatus,
  type SandboxOptions,
  type SandboxWebhookDelivery,
  sandboxOptionsSchema,
} from './schemas';
import { parseTwimlReplies } from './twiml';
import { checkSendParams, type ValidSend } from './validation';
import { deliverWebhook } from './webhook-delivery';

interface Transition {
  sid: string;
  /** In lifecycle time (see #lifecycleNow). */
  at: number;
  seq: number;
  status: SandboxMessageStatus;
  errorCode: number | null;
}

const replyInputSchema = z.object({
  from: phoneNumberSchema,
  to: phoneNumberSchema,
  body: z.string().min(1, 'must not be empty'),
});

export interface ReceivedReply {
  /** The message the recipient texted. */
  inbound: SandboxMessage;
  /** Messages sent back through the TwiML answer, in order. */
  replies: SandboxMessage[];
  /** The inbound webhook request and its answer; null when no webhook is configured. */
  delivery: SandboxWebhookDelivery | null;
}

/**
 * An embedded Twilio: the Messages REST API (create, fetch, list), message lifecycles with status
 * callbacks, inbound messages with TwiML replies, and fault injection. Time is virtual: in
 * `manual` mode messages move only when the test calls `advance()` or `settle()`.
 *
 * Reach it through the real `twilio` SDK, in-process (`createSandboxTransport`, which uses msw) or
 * over HTTP (`startSandboxServer`).
 */
export class TwilioSandbox {
  readonly accountSid: string;
  readonly authToken: string;
  readonly #config: SandboxConfig;
  readonly #faults: FaultBook;
  readonly #messages = new Map<string, SandboxMessage>();
  #transitions: Transition[] = [];
  #seq = 0;
  #offsetMs = 0;
  readonly #optOuts = new Set<string>();
  readonly #deliveries: SandboxWebhookDelivery[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #holds = new Set<() => void>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #listeners = new Set<(message: SandboxMessage) => void>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #backend: SandboxApiBackend;

  constructor(options: SandboxOptions = {}) {
    this.#config = parseOrThrow(sandboxOptionsSchema, options, 'sandbox options');
    this.accountSid = this.#config.accountSid ?? randomSid('AC');
    this.authToken = this.#config.authToken ?? randomToken();
    this.#faults = new FaultBook(this.#config.seed ?? Math.floor(Math.random() * 2 ** 31));
    this.#backend = {
      accountSid: this.accountSid,
      authenticate: (username, password) => this.#authenticate(username, password),
      takeFault: () => this.#faults.take(),
      putBackFault: (drawn: DrawnFault) => this.#faults.putBack(drawn),
      checkSend: (form) => this.#checkSend(form),
      accept: (send, failure) => this.#accept(send, failure),
      find: (sid) => this.message(sid),
      list: (filter) => this.#list(filter),
      hold: (ms, signal) => this.#hold(ms, signal),
    };
    withRedactedPrinting(this, () => ({ sandbox: this.accountSid, messages: this.#messages.size }));
  }

  /** Credentials the sandbox accepts, for `createTwilioTransport({ credentials, baseUrl })`. */
  credentials(): TwilioCredentials {
    return twilioCredentials({ accountSid: this.accountSid, authToken: this.authToken });
  }

  /** The sandbox's current time: the wall clock (or `now` option) plus everything `advance`d. */
  now(): Date {
    return new Date(this.#nowMs());
  }

  // ---- REST API ---------------------------------------------------------------------------

  /** Answers one REST request. Adapters (msw, node:http) call this. */
  handle(request: Request): Promise<SandboxReply> {
    // Duck-typed: msw and undici may hand over Requests from another realm than globalThis.Request.
    if (typeof request?.url !== 'string' || typeof request.text !== 'function' || !request.headers) {
      throw new FlowSmsError(
        'invalid_input',
        'request must be a Web Request (url, headers, text())',
        'request',
      );
    }
    return handleApiRequest(this.#backend, request);
  }

  // ---- what happened ----------------------------------------------------------------------

  /** Every message the REST API accepted, in order: the source of truth for "sent exactly once". */
  received(): SandboxMessage[] {
    return this.messages().filter((m) => m.direction === 'outbound-api');
  }

  /** Every message, outbound and inbound, in creation order. */
  messages(): SandboxMessage[] {
    return [...this.#messages.values()].map(copyMessage);
  }

  message(sid: string): SandboxMessage | null {
    const found = this.#messages.get(sid);
    return found ? copyMessage(found) : null;
  }

  /**
   * What the phone `number` shows: messages sent to it and messages it sent, oldest first.
   * Feeds the playground's phone view.
   */
  conversation(number: string): SandboxMessage[] {
    const phone = parseOrThrow(phoneNumberSchema, number, 'conversation number');
    return this.messages().filter((m) => m.to === phone || m.from === phone);
  }

  /**
   * Calls `listener` with a copy of every message stored or changed from now on (a live phone
   * view, for example). Returns the function that stops it. A listener that throws is ignored.
   */
  onMessage(listener: (message: SandboxMessage) => void): () => void {
    if (typeof listener !== 'function') {
      throw new FlowSmsError('invalid_input', 'onMessage needs a function (message) => void', 'listener');
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every webhook request the sandbox made (status callbacks and inbound messages). */
  webhookDeliveries(): SandboxWebhookDelivery[] {
    return this.#deliveries.map((d) => ({ ...d, params: { ...d.params } }));
  }

  /** True when `recipient` texted STOP to `sender` (a number or MG SID) and not START since. */
  isOptedOut(recipient: string, sender: string): boolean {
    return this.#optOuts.has(optOutKey(recipient, sender));
  }

  // ---- faults -----------------------------------------------------------------------------

  /** Makes the next `times` send requests fail with `fault` (queued faults strike in order). */
  injectFault(fault: SandboxFaultInput, times = 1): void {
    this.#faults.inject(fault, times);
  }

  /** Random faults, each with a probability per send request; reproducible with `seed`. */
  setFaultRates(rates: Array<{ fault: SandboxFaultInput; rate: number }>): void {
    this.#faults.setRates(rates);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  /** Queued faults that have not struck yet. */
  pendingFaults(): number {
    return this.#faults.pending;
  }

  // ---- time -------------------------------------------------------------------------------

  /** Moves the clock forward and runs every status change now due (callbacks included). */
  advance(ms = 0): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new FlowSmsError(
        'invalid_input',
        `advance(ms) needs a duration of 0 or more milliseconds (got ${ms})`,
        'ms',
      );
    }
    this.#offsetMs += ms;
    return this.#runDue();
  }

  /** Runs every pending status change, moving the clock as far as needed. */
  async settle(): Promise<void> {
    while (this.#transitions.length > 0) {
      const last = Math.max(...this.#transitions.map((t) => t.at));
      this.#offsetMs += Math.max(0, last - this.#lifecycleNow());
      await this.#runDue();
    }
    await this.idle();
  }

  /** Resolves once every webhook request in flight has been answered. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    await this.#queue;
  }

  // ---- the recipient's side ---------------------------------------------------------------

  /**
   * The recipient texts back: records the inbound message, posts it (signed) to the inbound
   * webhook, and records each TwiML <Message> of the answer as a reply in the conversation.
   */
  async receiveReply(input: { from: string; to: string; body: string }): Promise<ReceivedReply> {
    const { from, to, body } = parseOrThrow(replyInputSchema, input, 'reply');
    const at = this.now();
    const services = this.#servicesContaining(to);
    const inbound = this.#store({
      direction: 'inbound',
      to,
      from,
      messagingServiceSid: services[0] ?? null,
      body,
      status: 'received',
      statusCallback: null,
      at,
      sentAt: at,
    });
    if (this.#config.carrierOptOut) this.#applyKeyword(from, to, services, body);

    const hook = this.#config.onInbound;
    const url = this.#config.inboundUrl ?? (hook ? 'http://localhost/twilio/inbound' : undefined);
    if (url === undefined) return { inbound: copyMessage(inbound), replies: [], delivery: null };
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: API_VERSION,
      Body: body,
      From: from,
      MessageSid: inbound.sid,
      NumMedia: '0',
      NumSegments: String(inbound.segments),
      SmsMessageSid: inbound.sid,
      SmsSid: inbound.sid,
      SmsStatus: 'received',
      To: to,
      ...(services[0] ? { MessagingServiceSid: services[0] } : {}),
    };
    const { delivery, text } = await this.#track(
      deliverWebhook({ kind: 'inbound', url, params, authToken: this.authToken, hook, fetch: this.#fetch }),
    );
    this.#deliveries.push(delivery);
    const replies = parseTwimlReplies(text).map((reply) => {
      const message = this.#store({
        direction: 'outbound-reply',
        to: reply.to ?? from,
        from: reply.from ?? to,
        messagingServiceSid: inbound.messagingServiceSid,
        body: reply.body,
        status: 'queued',
        statusCallback: null,
        at: this.now(),
      });
      this.#planDelivery(message, null);
      return copyMessage(message);
    });
    return {
      inbound: copyMessage(inbound),
      replies,
      delivery: { ...delivery, params: { ...delivery.params } },
    };
  }

  // ---- housekeeping -----------------------------------------------------------------------

  /** Forgets messages, opt-outs, webhook history and faults; credentials stay. */
  reset(): void {
    this.#messages.clear();
    this.#transitions = [];
    this.#optOuts.clear();
    this.#deliveries.length = 0;
    this.#faults.clear();
    this.#clearTimers();
  }

  /** Stops timers and answers every held request, so nothing keeps the process alive. */
  close(): void {
    this.#closed = true;
    this.#clearTimers();
    for (const release of [...this.#holds]) release();
  }

  // ---- internals --------------------------------------------------------------------------

  get #fetch(): typeof fetch {
    return this.#config.fetch ?? globalThis.fetch;
  }

  #nowMs(): number {
    return (this.#config.now ? this.#config.now().getTime() : Date.now()) + this.#offsetMs;
  }

  /**
   * The time status changes are scheduled in. In manual mode only `advance` moves it, so a test
   * sees exactly the steps it asked for however long it runs; dates on messages still follow
   * the wall clock. In timers mode it is the sandbox's clock.
   */
  #lifecycleNow(): number {
    return this.#config.lifecycle.mode === 'manual' ? this.#offsetMs : this.#nowMs();
  }

  #authenticate(username: string, password: string): boolean {
    if (username === this.accountSid) return sameSecret(password, this.authToken);
    const keySecret = this.#config.apiKeys?.[username];
    return keySecret !== undefined && sameSecret(password, keySecret);
  }

  #checkSend(form: URLSearchParams) {
    const checked = checkSendParams(form, {
      numbers: this.#config.numbers,
      services: this.#config.messagingServices,
    });
    if (!checked.ok || !this.#config.carrierOptOut) return checked;
    const senders = [checked.messagingServiceSid, checked.from].filter((s): s is string => s !== null);
    if (senders.some((sender) => this.#optOuts.has(optOutKey(checked.to, sender)))) {
      return {
        ok: false as const,
        httpStatus: 400,
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
      };
    }
    return checked;
  }

  #accept(
    send: ValidSend,
    failure: Extract<SandboxFault, { kind: 'fail-after-accept' }> | null,
  ): SandboxMessage {
    const viaService = send.messagingServiceSid !== null;
    const message = this.#store({
      direction: 'outbound-api',
      to: send.to,
      from: send.from ?? this.#pickSender(send.messagingServiceSid, send.to),
      messagingServiceSid: send.messagingServiceSid,
      body: send.body,
      status: viaService ? 'accepted' : 'queued',
      statusCallback: send.statusCallback,
      at: this.now(),
    });
    const undeliverable = UNDELIVERABLE_RECIPIENTS[send.to];
    this.#planDelivery(
      message,
      failure ?? (undeliverable ? { code: undeliverable.code, status: undeliverable.status } : null),
    );
    return copyMessage(message);
  }

  #list(filter: MessageFilter): SandboxMessage[] {
    return [...this.#messages.values()]
      .filter((m) => {
        if (filter.to !== undefined && m.to !== filter.to) return false;
        if (filter.from !== undefined && m.from !== filter.from) return false;
        const sent = (m.dateSent ?? m.dateCreated).getTime();
        if (filter.sentFrom !== undefined && sent < filter.sentFrom) return false;
        if (filter.sentTo !== undefined && sent > filter.sentTo) return false;
        return true;
      })
      .reverse()
      .map(copyMessage);
  }

  #hold(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', release);
        this.#holds.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      timer.unref?.();
      signal?.addEventListener('abort', release, { once: true });
      this.#holds.add(release);
    });
  }

  #store(input: {
    direction: SandboxMessage['direction'];
    to: string;
    from: string | null;
    messagingServiceSid: string | null;
    body: string;
    status: SandboxMessageStatus;
    statusCallback: string | null;
    at: Date;
    sentAt?: Date;
  }): SandboxMessage {
    const message: SandboxMessage = {
      sid: randomSid('SM'),
      accountSid: this.accountSid,
      direction: input.direction,
      to: input.to,
      from: input.from,
      messagingServiceSid: input.messagingServiceSid,
      body: input.body,
      status: input.status,
      errorCode: null,
      errorMessage: null,
      segments: Math.max(1, countSegments(input.body).segments),
      price: null,
      priceUnit: this.#config.priceUnit,
      statusCallback: input.statusCallback,
      dateCreated: input.at,
      dateUpdated: input.at,
      dateSent: input.sentAt ?? null,
      history: [{ status: input.status, at: input.at, errorCode: null }],
    };
    this.#messages.set(message.sid, message);
    this.#notify(message);
    return message;
  }

  /** Schedules the way to the handset: (queued) -> sent -> delivered, or a failure on the way. */
  #planDelivery(
    message: SandboxMessage,
    failure: { code: number; status: 'failed' | 'undelivered' } | null,
  ): void {
    const start = this.#lifecycleNow();
    const { sentAfterMs, deliveredAfterMs } = this.#config.lifecycle;
    const plan: Array<Omit<Transition, 'sid' | 'seq'>> = [];
    if (message.status === 'accepted') plan.push({ at: start, status: 'queued', errorCode: null });
    if (failure?.status === 'failed') {
      plan.push({ at: start + sentAfterMs, status: 'failed', errorCode: failure.code });
    } else {
      plan.push({ at: start + sentAfterMs, status: 'sent', errorCode: null });
      plan.push(
        failure
          ? { at: start + deliveredAfterMs, status: 'undelivered', errorCode: failure.code }
          : { at: start + deliveredAfterMs, status: 'delivered', errorCode: null },
      );
    }
    for (const step of plan) {
      this.#transitions.push({ ...step, sid: message.sid, seq: this.#seq++ });
      if (this.#config.lifecycle.mode === 'timers') this.#schedule(step.at);
    }
  }

  #schedule(at: number): void {
    if (this.#closed) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        void this.#runDue();
      },
      Math.max(0, at - this.#lifecycleNow()),
    );
    timer.unref?.();
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Applies due status changes in time order, one after another, with their callbacks. */
  #runDue(): Promise<void> {
    const run = async () => {
      const now = this.#lifecycleNow();
      const due = this.#transitions.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.#transitions = this.#transitions.filter((t) => t.at > now);
      for (const transition of due) {
        const message = this.#messages.get(transition.sid);
        if (!message) continue;
        this.#apply(message, transition);
        if (message.statusCallback !== null) await this.#sendStatusCallback(message);
      }
    };
    this.#queue = this.#queue.then(run, run);
    return this.#queue;
  }

  #apply(message: SandboxMessage, transition: Transition): void {
    const at = this.now();
    message.status = transition.status;
    message.dateUpdated = at;
    if (transition.status === 'sent') {
      message.dateSent = at;
      message.price = priceFor(this.#config.pricePerSegment, message.segments);
    }
    if (transition.errorCode !== null) {
      message.errorCode = transition.errorCode;
      message.errorMessage = describeTwilioError(transition.errorCode).title;
    }
    message.history.push({ status: transition.status, at, errorCode: transition.errorCode });
    this.#notify(message);
  }

  #notify(message: SandboxMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener(copyMessage(message));
      } catch {
        // A broken view must not break the API it watches.
      }
    }
  }

  async #sendStatusCallback(message: SandboxMessage): Promise<void> {
    const params: Record<string, string> = {
      AccountSid: message.accountSid,
      ApiVersion: API_VERSION,
      From: message.from ?? '',
      MessageSid: message.sid,
      MessageStatus: message.status,
      SmsSid: message.sid,
      SmsStatus: message.status,
      To: message.to,
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      ...(message.errorCode !== null ? { ErrorCode: String(message.errorCode) } : {}),
    };
    const { delivery } = await this.#track(
      deliverWebhook({
        kind: 'status',
        url: message.statusCallback ?? '',
        params,
        authToken: this.authToken,
        hook: this.#config.onStatusCallback,
        fetch: this.#fetch,
      }),
    );
    this.#deliveries.push(delivery);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    return promise.finally(() => this.#inFlight.delete(promise));
  }

  /** Sticky sender: a recipient always hears from the same number of a service's pool. */
  #pickSender(service: string | null, to: string): string {
    const pool = (service !== null ? this.#config.messagingServices?.[service] : undefined) ??
      this.#config.numbers ?? [DEFAULT_SANDBOX_NUMBER];
    let hash = 0;
    for (const char of to) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return pool[hash % pool.length] ?? DEFAULT_SANDBOX_NUMBER;
  }

  #servicesContaining(number: string): string[] {
    return Object.entries(this.#config.messagingServices ?? {})
      .filter(([, pool]) => pool.includes(number))
      .map(([sid]) => sid);
  }

  /** Twilio's own opt-out handling: STOP blocks the pair (and the number's services), START lifts it. */
  #applyKeyword(recipient: string, number: string, services: string[], body: string): void {
    const keyword = classifyKeyword(body);
    if (keyword !== 'STOP' && keyword !== 'START') return;
    for (const sender of [number, ...services]) {
      const key = optOutKey(recipient, sender);
      if (keyword === 'STOP') this.#optOuts.add(key);
      else this.#optOuts.delete(key);
    }
  }
}

/** Creates a sandbox; see TwilioSandbox. */
export function createSandbox(options: SandboxOptions = {}): TwilioSandbox {
  return new TwilioSandbox(options);
}

function optOutKey(recipient: string, sender: string): string {
  return `${recipient}|${sender}`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function priceFor(perSegment: string, segments: number): string {
  const decimals = perSegment.split('.')[1]?.length ?? 0;
  return (Number(perSegment) * segments).toFixed(decimals);
}

function copyMessage(message: SandboxMessage): SandboxMessage {
  return {
    ...message,
    dateCreated: new Date(message.dateCreated),
    dateUpdated: new Date(message.dateUpdated),
    dateSent: message.dateSent ? new Date(message.dateSent) : null,
    history: message.history.map((h) => ({ ...h, at: new Date(h.at) })),
  };
}
