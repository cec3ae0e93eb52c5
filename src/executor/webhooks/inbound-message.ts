import type { Environment } from '../../core/environments';
import {
  type ComplianceKeyword,
  classifyConsentReply,
  classifyKeyword,
  KEYWORD_REPLIES,
} from '../../core/keywords';
import type { Logger } from '../executor/logger';
import type { ConsentReplyQuery } from '../store/consent-questions';

/** An SMS someone sent to one of the host's numbers, as Twilio's inbound webhook describes it. */
export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  /** Set by Twilio when `to` belongs to a Messaging Service; opt-outs then cover the service too. */
  messagingServiceSid?: string;
  at: Date;
  /** Every parameter Twilio posted (media URLs, geo fields, ...), for the host's callback. */
  params?: Readonly<Record<string, string | readonly string[]>>;
}

/** The store operations inbound processing uses (`openStore()` provides them all). */
export interface InboundStore {
  recordInbound(
    messageSid: string,
    message: { from: string; to: string; body: string; at: Date; environment?: Environment },
  ): boolean;
  isOptedOut(environment: Environment, recipient: string, sender: string): boolean;
  recordOptOut(
    environment: Environment,
    recipient: string,
    sender: string,
    at: Date,
    source: string,
  ): boolean;
  recordOptIn(environment: Environment, recipient: string, sender: string, at: Date, source: string): boolean;
  awaitsConsentReply(query: ConsentReplyQuery): boolean;
  /**
   * Removes a recorded MessageSid whose processing failed, so Twilio's redelivery (its fallback
   * URL, a retry) is processed afresh instead of being taken for a duplicate.
   */
  forgetInbound?(messageSid: string): void;
}

/** Answers a Send SMS node waiting for an `sms-reply` consent; true when the reply was taken. */
export interface ConsentReplyReceiver {
  receiveReply(reply: { from: string; to: string; body: string; at: Date }): boolean | Promise<boolean>;
}

export interface InboundMessageEvent extends InboundSms {
  environment: Environment;
  /** True when the message also answered a waiting consent question. */
  answeredConsent: boolean;
}

/**
 * The host's callback for ordinary messages. A returned (or resolved) non-empty string is sent
 * back as the reply; anything else sends none.
 */
export type OnInboundMessage = (event: InboundMessageEvent) => unknown;

export type KeywordReplies = Readonly<Record<ComplianceKeyword, string>>;

export interface InboundDeps {
  store: InboundStore;
  environment: Environment;
  executor?: ConsentReplyReceiver | undefined;
  /** The replies sent for STOP, START and HELP; an empty string sends none. */
  replies: KeywordReplies;
  onMessage?: OnInboundMessage | undefined;
  logger: Logger;
}

export type InboundOutcome =
  /** This MessageSid was processed before: nothing changes and nothing is sent again. */
  | { action: 'duplicate'; reply: null }
  | { action: 'keyword'; keyword: ComplianceKeyword; reply: string | null }
  /** A YES that answered a consent question instead of acting as START. */
  | { action: 'consent-reply'; reply: null }
  /** The sender opted out of this number: the message goes nowhere until they send START. */
  | { action: 'dropped-opted-out'; reply: null }
  | { action: 'delivered'; answeredConsent: boolean; reply: string | null };

/**
 * What an inbound SMS does, in this order:
 * 1. a MessageSid already recorded is a duplicate delivery: nothing changes, nothing is replied
 *    (the first delivery already did both);
 * 2. YES from someone who is NOT opted out of this number, while a consent question waits for
 *    them, answers that question and gets no START confirmation. YES is both a START variant and
 *    the most natural consent answer; for someone who never opted out, START would change nothing,
 *    so the consent reading is the only one that does something. From someone opted out, YES is
 *    START (they asked to hear from this number again) and does not answer a consent question;
 * 3. STOP / START / HELP (core's `classifyKeyword`) update the opt-out of (environment, From,
 *    To and the Messaging Service) and get the configured reply; they never reach the flow;
 * 4. anything else from an opted-out sender is dropped;
 * 5. everything else goes to a waiting consent question, then to the host's `onMessage`.
 */
export async function processInboundSms(deps: InboundDeps, sms: InboundSms): Promise<InboundOutcome> {
  const { store, environment } = deps;
  const fresh = store.recordInbound(sms.messageSid, {
    from: sms.from,
    to: sms.to,
    body: sms.body,
    at: sms.at,
    environment,
  });
  if (!fresh) return { action: 'duplicate', reply: null };
  try {
    return await processFreshInbound(deps, sms);
  } catch (error) {
    // The webhook answers 500 and Twilio delivers the message again: a STOP whose opt-out could
    // not be written must then be processed, not dismissed as already seen.
    try {
      store.forgetInbound?.(sms.messageSid);
    } catch (forgetError) {
      deps.logger.error?.('flow-sms: could not forget a failed inbound SMS; a redelivery will be ignored', {
        messageSid: sms.messageSid,
        error: forgetError instanceof Error ? forgetError.message : String(forgetError),
      });
    }
    throw error;
  }
}

async function processFreshInbound(deps: InboundDeps, sms: InboundSms): Promise<InboundOutcome> {
  const { store, environment } = deps;
  const senders = sendersOf(sms);
  const optedOut = senders.some((sender) => store.isOptedOut(environment, sms.from, sender));
  const keyword = classifyKeyword(sms.body);

  if (keyword === 'START' && !optedOut && classifyConsentReply(sms.body) === 'yes') {
    if (await answersConsent(deps, sms, senders)) return { action: 'consent-reply', reply: null };
  }
  if (keyword) {
    const source = `inbound:${keyword}:${sms.messageSid}`;
    for (const sender of senders) {
      if (keyword === 'STOP') store.recordOptOut(environment, sms.from, sender, sms.at, source);
      if (keyword === 'START') store.recordOptIn(environment, sms.from, sender, sms.at, source);
    }
    return { action: 'keyword', keyword, reply: deps.replies[keyword] || null };
  }
  if (optedOut) return { action: 'dropped-opted-out', reply: null };

  const answeredConsent = await answersConsent(deps, sms, senders);
  let reply: string | null = null;
  if (deps.onMessage) {
    try {
      const answer = await deps.onMessage({ ...sms, environment, answeredConsent });
      if (typeof answer === 'string' && answer) reply = answer;
    } catch (error) {
      // The message is recorded; a failing host callback must not make Twilio retry it.
      deps.logger.error?.('flow-sms: the onMessage callback threw for an inbound SMS', {
        messageSid: sms.messageSid,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { action: 'delivered', answeredConsent, reply };
}

/** The sender identities an inbound message was addressed to: the number, and its service if any. */
function sendersOf(sms: InboundSms): string[] {
  const service = sms.messagingServiceSid?.trim();
  return service && service !== sms.to ? [sms.to, service] : [sms.to];
}

/**
 * Whether this reply answers a consent question: handed to a run waiting in this process, or, when
 * none here takes it, one waiting elsewhere (`flow-sms run` beside `flow-sms serve`) that reads the
 * reply from the store, where it is already recorded.
 */
async function answersConsent(deps: InboundDeps, sms: InboundSms, senders: string[]): Promise<boolean> {
  if (await handToWaitingRun(deps, sms)) return true;
  if (classifyConsentReply(sms.body) === null) return false;
  try {
    return deps.store.awaitsConsentReply({
      environment: deps.environment,
      recipient: sms.from,
      hostSenders: senders,
      at: sms.at,
      messageSid: sms.messageSid,
    });
  } catch (error) {
    deps.logger.error?.('flow-sms: looking up an open consent question failed', {
      messageSid: sms.messageSid,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

async function handToWaitingRun(deps: InboundDeps, sms: InboundSms): Promise<boolean> {
  if (!deps.executor) return false;
  try {
    return (
      (await deps.executor.receiveReply({ from: sms.from, to: sms.to, body: sms.body, at: sms.at })) === true
    );
  } catch (error) {
    deps.logger.error?.('flow-sms: passing an inbound SMS to a waiting consent failed', {
      messageSid: sms.messageSid,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

export const DEFAULT_KEYWORD_REPLIES: KeywordReplies = KEYWORD_REPLIES;
