import { timingSafeEqual } from 'node:crypto';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { phoneNumberSchema } from '../../core/schemas/sender';
import { type TwilioCredentials, twilioCredentials, withRedactedPrinting } from '../twilio/credentials';
import { handleApiRequest, type SandboxApiBackend, type SandboxReply } from './api';
import { CarrierOptOuts } from './carrier-opt-outs';
import { SandboxClock } from './clock';
import { type ReceivedReply, receiveReply } from './conversations';
import { type DrawnFault, FaultBook } from './faults';
import { HeldRequests } from './held-requests';
import { randomSid, randomToken } from './ids';
import { MessageLifecycle } from './lifecycle';
import { DEFAULT_SANDBOX_NUMBER, UNDELIVERABLE_RECIPIENTS } from './magic-numbers';
import { copyMessage, MessageBook } from './message-book';
import {
  type SandboxConfig,
  type SandboxFault,
  type SandboxFaultInput,
  type SandboxMessage,
  type SandboxOptions,
  type SandboxWebhookDelivery,
  sandboxOptionsSchema,
} from './schemas';
import { checkSendParams, type ValidSend } from './validation';
import { SandboxWebhooks } from './webhook-delivery';

export type { ReceivedReply } from './conversations';

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
  readonly #clock: SandboxClock;
  readonly #faults: FaultBook;
  readonly #held = new HeldRequests();
  readonly #book: MessageBook;
  readonly #optOuts = new CarrierOptOuts();
  readonly #webhooks: SandboxWebhooks;
  readonly #lifecycle: MessageLifecycle;
  readonly #backend: SandboxApiBackend;

  constructor(options: SandboxOptions = {}) {
    this.#config = parseOrThrow(sandboxOptionsSchema, options, 'sandbox options');
    this.accountSid = this.#config.accountSid ?? randomSid('AC');
    this.authToken = this.#config.authToken ?? randomToken();
    this.#clock = new SandboxClock(this.#config);
    this.#faults = new FaultBook(this.#config.seed ?? Math.floor(Math.random() * 2 ** 31));
    this.#book = new MessageBook(this.accountSid, this.#config.priceUnit);
    this.#webhooks = new SandboxWebhooks(this.authToken, () => this.#config.fetch ?? globalThis.fetch);
    this.#lifecycle = new MessageLifecycle(this.#config, this.#clock, this.#book, this.#webhooks);
    this.#backend = {
      accountSid: this.accountSid,
      authenticate: (username, password) => this.#authenticate(username, password),
      takeFault: () => this.#faults.take(),
      putBackFault: (drawn: DrawnFault) => this.#faults.putBack(drawn),
      checkSend: (form) => this.#checkSend(form),
      accept: (send, failure) => this.#accept(send, failure),
      find: (sid) => this.message(sid),
      list: (filter) => this.#book.list(filter),
      hold: (ms, signal) => this.#held.hold(ms, signal),
    };
    withRedactedPrinting(this, () => ({ sandbox: this.accountSid, messages: this.#book.size }));
  }

  /** Credentials the sandbox accepts, for `createTwilioTransport({ credentials, baseUrl })`. */
  credentials(): TwilioCredentials {
    return twilioCredentials({ accountSid: this.accountSid, authToken: this.authToken });
  }

  /** The sandbox's current time: the wall clock (or `now` option) plus everything `advance`d. */
  now(): Date {
    return this.#clock.now();
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
    return this.#book.all();
  }

  message(sid: string): SandboxMessage | null {
    return this.#book.find(sid);
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
    return this.#book.watch(listener);
  }

  /** Every webhook request the sandbox made (status callbacks and inbound messages). */
  webhookDeliveries(): SandboxWebhookDelivery[] {
    return this.#webhooks.deliveries();
  }

  /** True when `recipient` texted STOP to `sender` (a number or MG SID) and not START since. */
  isOptedOut(recipient: string, sender: string): boolean {
    return this.#optOuts.has(recipient, sender);
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
    this.#clock.forward(ms);
    return this.#lifecycle.runDue();
  }

  /** Runs every pending status change, moving the clock as far as needed. */
  async settle(): Promise<void> {
    await this.#lifecycle.runAll();
    await this.idle();
  }

  /** Resolves once every webhook request in flight has been answered. */
  async idle(): Promise<void> {
    await this.#webhooks.idle();
    await this.#lifecycle.idle();
  }

  // ---- the recipient's side ---------------------------------------------------------------

  /**
   * The recipient texts back: records the inbound message, posts it (signed) to the inbound
   * webhook, and records each TwiML <Message> of a 2xx answer as a reply in the conversation.
   */
  receiveReply(input: { from: string; to: string; body: string }): Promise<ReceivedReply> {
    return receiveReply(
      {
        accountSid: this.accountSid,
        config: this.#config,
        clock: this.#clock,
        book: this.#book,
        optOuts: this.#optOuts,
        webhooks: this.#webhooks,
        lifecycle: this.#lifecycle,
      },
      input,
    );
  }

  // ---- housekeeping -----------------------------------------------------------------------

  /** Forgets messages, opt-outs, webhook history and faults; credentials stay. */
  reset(): void {
    this.#book.clear();
    this.#lifecycle.clear();
    this.#optOuts.clear();
    this.#webhooks.clear();
    this.#faults.clear();
  }

  /** Stops timers and answers every held request, so nothing keeps the process alive. */
  close(): void {
    this.#lifecycle.close();
    this.#held.releaseAll();
  }

  // ---- the REST API's view of the account -------------------------------------------------

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
    // A service send goes out from a pool number, and a STOP to that number blocks it even when
    // the sandbox knows no pool to tie the STOP to the service; the pick is sticky, so #accept
    // picks the same number.
    const from = checked.from ?? this.#pickSender(checked.messagingServiceSid, checked.to);
    const senders = [checked.messagingServiceSid, from].filter((s): s is string => s !== null);
    if (senders.some((sender) => this.#optOuts.has(checked.to, sender))) {
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
    const message = this.#book.add({
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
    this.#lifecycle.plan(
      message,
      failure ?? (undeliverable ? { code: undeliverable.code, status: undeliverable.status } : null),
    );
    return copyMessage(message);
  }

  /** Sticky sender: a recipient always hears from the same number of a service's pool. */
  #pickSender(service: string | null, to: string): string {
    const pool = (service !== null ? this.#config.messagingServices?.[service] : undefined) ??
      this.#config.numbers ?? [DEFAULT_SANDBOX_NUMBER];
    let hash = 0;
    for (const char of to) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return pool[hash % pool.length] ?? DEFAULT_SANDBOX_NUMBER;
  }
}

/** Creates a sandbox; see TwilioSandbox. */
export function createSandbox(options: SandboxOptions = {}): TwilioSandbox {
  return new TwilioSandbox(options);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
