import { describeTwilioError } from '../twilio/error-hints';
import type { SandboxClock } from './clock';
import type { MessageBook } from './message-book';
import { API_VERSION } from './resources';
import type { SandboxConfig, SandboxMessage, SandboxMessageStatus } from './schemas';
import type { SandboxWebhooks } from './webhook-delivery';

interface Transition {
  sid: string;
  /** In lifecycle time (see SandboxClock.lifecycleNow). */
  at: number;
  seq: number;
  status: SandboxMessageStatus;
  errorCode: number | null;
}

/** How a message's way to the handset ends when it does not end delivered. */
export interface DeliveryFailure {
  code: number;
  status: 'failed' | 'undelivered';
}

/**
 * Moves messages along (queued) -> sent -> delivered, or to a failure, in time order, posting a
 * signed status callback for each change when the message asked for them.
 */
export class MessageLifecycle {
  #transitions: Transition[] = [];
  #seq = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #config: Pick<SandboxConfig, 'lifecycle' | 'pricePerSegment' | 'onStatusCallback'>;
  readonly #clock: SandboxClock;
  readonly #book: MessageBook;
  readonly #webhooks: SandboxWebhooks;

  constructor(
    config: Pick<SandboxConfig, 'lifecycle' | 'pricePerSegment' | 'onStatusCallback'>,
    clock: SandboxClock,
    book: MessageBook,
    webhooks: SandboxWebhooks,
  ) {
    this.#config = config;
    this.#clock = clock;
    this.#book = book;
    this.#webhooks = webhooks;
  }

  /** Schedules the way to the handset: (queued) -> sent -> delivered, or a failure on the way. */
  plan(message: SandboxMessage, failure: DeliveryFailure | null): void {
    const start = this.#clock.lifecycleNow();
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

  /** Applies due status changes in time order, one after another, with their callbacks. */
  runDue(): Promise<void> {
    const run = async () => {
      const now = this.#clock.lifecycleNow();
      const due = this.#transitions.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.#transitions = this.#transitions.filter((t) => t.at > now);
      for (const transition of due) {
        const message = this.#book.record(transition.sid);
        if (!message) continue;
        this.#apply(message, transition);
        if (message.statusCallback !== null) await this.#sendStatusCallback(message);
      }
    };
    this.#queue = this.#queue.then(run, run);
    return this.#queue;
  }

  /** Runs every pending status change, moving the clock as far as needed. */
  async runAll(): Promise<void> {
    while (this.#transitions.length > 0) {
      const last = Math.max(...this.#transitions.map((t) => t.at));
      this.#clock.forward(Math.max(0, last - this.#clock.lifecycleNow()));
      await this.runDue();
    }
  }

  /** Resolves once the status changes under way are applied. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Forgets every planned change. */
  clear(): void {
    this.#transitions = [];
    this.#clearTimers();
  }

  /** Stops the timers for good (timers mode), so nothing keeps the process alive. */
  close(): void {
    this.#closed = true;
    this.#clearTimers();
  }

  #schedule(at: number): void {
    if (this.#closed) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        void this.runDue();
      },
      Math.max(0, at - this.#clock.lifecycleNow()),
    );
    timer.unref?.();
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #apply(message: SandboxMessage, transition: Transition): void {
    const at = this.#clock.now();
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
    this.#book.changed(message);
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
    await this.#webhooks.send({
      kind: 'status',
      url: message.statusCallback ?? '',
      params,
      hook: this.#config.onStatusCallback,
    });
  }
}

function priceFor(perSegment: string, segments: number): string {
  const decimals = perSegment.split('.')[1]?.length ?? 0;
  return (Number(perSegment) * segments).toFixed(decimals);
}
