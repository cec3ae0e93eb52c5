import type { Environment } from '../../core/environments';
import { classifyConsentReply } from '../../core/keywords';
import type { Consent } from '../../core/schemas/consent';
import { isMessagingServiceSid } from '../../core/schemas/sender';
import type { MessageRecord } from '../store/messages';
import type { FlowSmsStore } from '../store/store';
import type { Clock } from './clock';
import type { ConsentDecision } from './consent';
import type { ConsentReply, ReplyWaiters } from './reply-waiters';

export interface SmsReplyConsentDeps {
  store: FlowSmsStore;
  clock: Clock;
  waiters: ReplyWaiters;
  pollIntervalMs: number;
  /**
   * Writes the question to the log and the outbox (once per key) and returns its record; `replyBy`
   * is stored with it, so any process handling the recipient's reply knows a question is open.
   */
  enqueueQuestion(text: string, replyBy: Date): Promise<MessageRecord>;
  /** Sends a logged message and resolves with its settled record, or null while it is still on its way. */
  deliver(messageId: string): Promise<MessageRecord | null>;
}

/**
 * `sms-reply` consent: text the question, then wait up to the timeout for a YES/NO-style reply
 * from the recipient. The deadline counts from when the question was first logged, so a run
 * resumed after a restart waits only for what is left, and finds a reply that arrived meanwhile
 * in the store's inbound table.
 */
export async function askBySms(
  consent: Extract<Consent, { mode: 'sms-reply' }>,
  target: { environment: Environment; to: string; sender: string },
  deps: SmsReplyConsentDeps,
): Promise<ConsentDecision> {
  const { store, clock } = deps;
  const { environment, to, sender } = target;
  if (store.isOptedOut(environment, to, sender))
    return { kind: 'opted_out', evidence: null, at: clock.now() };

  const registeredAt = clock.now();
  const waiter = deps.waiters.register(to, isMessagingServiceSid(sender) ? null : sender, registeredAt);
  try {
    const question = await deps.enqueueQuestion(
      consent.question,
      new Date(registeredAt.getTime() + consent.timeoutSeconds * 1000),
    );
    const sent = await deps.deliver(question.id);
    const evidenceFor = (answer: 'yes' | 'no' | 'no-answer', reply: ConsentReply | null) => ({
      mode: 'sms-reply' as const,
      question: consent.question,
      questionMessageId: question.id,
      answer,
      reply: reply?.text ?? null,
      repliedAt: reply?.at.toISOString() ?? null,
    });
    if (!sent) {
      return {
        kind: 'failed',
        evidence: evidenceFor('no-answer', null),
        at: clock.now(),
        error: {
          code: 'delivery_pending',
          message:
            'The consent question is still waiting in the outbox; run the node again later to continue.',
        },
      };
    }
    if (sent.outcome === 'opted_out') return { kind: 'opted_out', evidence: null, at: clock.now() };
    if (sent.outcome !== 'sent') {
      return {
        kind: 'failed',
        evidence: evidenceFor('no-answer', null),
        at: clock.now(),
        error: {
          code: sent.error?.code ?? 'consent_question_failed',
          message: `The consent question could not be sent: ${sent.error?.message ?? 'Twilio did not accept it'}`,
          ...(sent.error?.hint ? { hint: sent.error.hint } : {}),
        },
      };
    }

    // Only a reply inside the window answers the question: it opens when Twilio accepted the
    // question (a text sent before it reached the phone answers something else) and closes at the
    // deadline (a YES an hour late is no consent, even for a run resumed after a restart). The store
    // keeps the deadline, moved to the acceptance, so every process and every resumed run agree.
    const opened = acceptedAt(store, question.id) ?? question.createdAt;
    const deadline = sent.replyBy?.getTime() ?? opened.getTime() + consent.timeoutSeconds * 1000;
    const hostNumber = sent.sentFrom ?? (isMessagingServiceSid(sender) ? null : sender);
    // Inside the window, and not an answer to a question asked after this one (one YES, one question).
    const inWindow = (at: Date) =>
      at.getTime() >= opened.getTime() &&
      at.getTime() <= deadline &&
      !(
        hostNumber &&
        store.answersLaterQuestion({
          questionId: question.id,
          environment,
          recipient: to,
          hostNumber,
          since: opened,
          replyAt: at,
        })
      );
    const storedReply = (): ConsentReply | null => {
      for (const inbound of store.inboundFrom({ from: to, since: opened, to: hostNumber, environment })) {
        const answer = classifyConsentReply(inbound.body);
        if (answer && inWindow(inbound.receivedAt))
          return { answer, text: inbound.body, at: inbound.receivedAt };
      }
      return null;
    };
    // A reply handed over in this process before the window opened is ignored; later ones are then
    // found in the store, where the webhook records every reply.
    let handedOver: Promise<ConsentReply | null> = waiter.reply;

    let reply: ConsentReply | null = null;
    for (;;) {
      reply = storedReply();
      if (reply) break;
      if (store.isOptedOut(environment, to, sender)) {
        return { kind: 'opted_out', evidence: evidenceFor('no-answer', null), at: clock.now() };
      }
      const remaining = deadline - clock.now().getTime();
      if (remaining <= 0) break;
      const poll = new AbortController();
      try {
        reply = await Promise.race([
          handedOver,
          clock.sleep(Math.min(deps.pollIntervalMs, remaining), poll.signal).then(() => null),
        ]);
      } finally {
        // A reply that came first ends the poll's timer too.
        poll.abort();
      }
      if (reply && inWindow(reply.at)) break;
      if (reply) handedOver = new Promise(() => {});
      reply = null;
    }
    if (!reply) return { kind: 'declined', evidence: evidenceFor('no-answer', null), at: clock.now() };
    return {
      kind: reply.answer === 'yes' ? 'given' : 'declined',
      evidence: evidenceFor(reply.answer, reply),
      at: reply.at,
    };
  } finally {
    waiter.cancel();
  }
}

/** When Twilio took the message: its accepted (or, after a lost answer, reconciled) attempt. */
function acceptedAt(store: FlowSmsStore, messageId: string): Date | null {
  const taken = store
    .attempts(messageId)
    .filter((attempt) => attempt.outcome === 'accepted' || attempt.outcome === 'reconciled');
  return taken.at(-1)?.finishedAt ?? null;
}
