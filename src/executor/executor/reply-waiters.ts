import { classifyConsentReply } from '../../core/keywords';

export interface ConsentReply {
  answer: 'yes' | 'no';
  text: string;
  at: Date;
}

interface Waiter {
  recipient: string;
  /** The host number the question went out from; null when it could be any (a Messaging Service). */
  hostNumber: string | null;
  since: Date;
  resolve(reply: ConsentReply): void;
}

/**
 * `sms-reply` consents waiting in this process. The webhook layer hands every inbound message to
 * `offer`; the first waiter the sender matches takes a YES/NO-style reply. Waits also read the
 * store's inbound table, so a reply recorded by another process (or before a restart) counts too.
 */
export function createReplyWaiters() {
  const waiters = new Set<Waiter>();
  return {
    register(recipient: string, hostNumber: string | null, since: Date) {
      let resolve!: (reply: ConsentReply) => void;
      const reply = new Promise<ConsentReply>((r) => {
        resolve = r;
      });
      const waiter: Waiter = { recipient, hostNumber, since, resolve };
      waiters.add(waiter);
      return { reply, cancel: () => waiters.delete(waiter) };
    },
    offer(message: { from: string; to: string; body: string; at: Date }): boolean {
      const answer = classifyConsentReply(message.body);
      if (answer === null) return false;
      for (const waiter of waiters) {
        if (waiter.recipient !== message.from) continue;
        if (waiter.hostNumber !== null && waiter.hostNumber !== message.to) continue;
        if (message.at < waiter.since) continue;
        waiters.delete(waiter);
        waiter.resolve({ answer, text: message.body, at: message.at });
        return true;
      }
      return false;
    },
    get size() {
      return waiters.size;
    },
  };
}

export type ReplyWaiters = ReturnType<typeof createReplyWaiters>;
