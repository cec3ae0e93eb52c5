import { countSegments } from '../../core/segments/count-segments';
import type { MessageFilter } from './api';
import { randomSid } from './ids';
import type { SandboxMessage } from './schemas';

/** What a new message is given; the book fills in the rest (sid, segments, dates, history). */
export type NewSandboxMessage = Pick<
  SandboxMessage,
  'direction' | 'to' | 'from' | 'messagingServiceSid' | 'body' | 'status' | 'statusCallback'
> & { at: Date; sentAt?: Date };

/** A copy a caller may keep or change without touching the sandbox's record. */
export function copyMessage(message: SandboxMessage): SandboxMessage {
  return {
    ...message,
    dateCreated: new Date(message.dateCreated),
    dateUpdated: new Date(message.dateUpdated),
    dateSent: message.dateSent ? new Date(message.dateSent) : null,
    history: message.history.map((h) => ({ ...h, at: new Date(h.at) })),
  };
}

/**
 * Every message the sandbox holds, outbound and inbound, in creation order, and the listeners
 * told of each new or changed one. Everything handed out is a copy.
 */
export class MessageBook {
  readonly #messages = new Map<string, SandboxMessage>();
  readonly #listeners = new Set<(message: SandboxMessage) => void>();
  readonly #accountSid: string;
  readonly #priceUnit: string;

  constructor(accountSid: string, priceUnit: string) {
    this.#accountSid = accountSid;
    this.#priceUnit = priceUnit;
  }

  get size(): number {
    return this.#messages.size;
  }

  /** Stores a new message and returns the sandbox's own record of it (not a copy). */
  add(input: NewSandboxMessage): SandboxMessage {
    const message: SandboxMessage = {
      sid: randomSid('SM'),
      accountSid: this.#accountSid,
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
      priceUnit: this.#priceUnit,
      statusCallback: input.statusCallback,
      dateCreated: input.at,
      dateUpdated: input.at,
      dateSent: input.sentAt ?? null,
      history: [{ status: input.status, at: input.at, errorCode: null }],
    };
    this.#messages.set(message.sid, message);
    this.changed(message);
    return message;
  }

  /** The sandbox's own record, for the lifecycle to move along; undefined once reset. */
  record(sid: string): SandboxMessage | undefined {
    return this.#messages.get(sid);
  }

  all(): SandboxMessage[] {
    return [...this.#messages.values()].map(copyMessage);
  }

  find(sid: string): SandboxMessage | null {
    const found = this.#messages.get(sid);
    return found ? copyMessage(found) : null;
  }

  /** Newest first, like Twilio's list. */
  list(filter: MessageFilter): SandboxMessage[] {
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

  /** Returns the function that stops `listener`. */
  watch(listener: (message: SandboxMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener about `message` (a copy each). */
  changed(message: SandboxMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener(copyMessage(message));
      } catch {
        // A broken view must not break the API it watches.
      }
    }
  }

  clear(): void {
    this.#messages.clear();
  }
}
