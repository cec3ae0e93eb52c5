import type { Environment } from '../../core/environments';
import { classifyConsentReply } from '../../core/keywords';
import type { SqliteDatabase } from './database';
import type { InboundRepository } from './inbound';

interface OpenQuestionRow {
  created_at: number;
  from_sender: string | null;
  sent_from: string | null;
}

export interface ConsentReplyQuery {
  environment: Environment;
  /** Who wrote: the recipient of the question. */
  recipient: string;
  /** Where they wrote to: the host's number, and its Messaging Service when Twilio names one. */
  hostSenders: readonly string[];
  at: Date;
  /** The inbound message being decided, already recorded: it must not count as its own earlier answer. */
  messageSid: string;
}

/**
 * Consent questions (`sms-reply`) seen from the store, so a webhook process that is not the one
 * waiting for the answer can still tell it apart from a START.
 */
export function createConsentQuestionQueries(
  db: SqliteDatabase,
  inbound: Pick<InboundRepository, 'inboundFrom'>,
) {
  // `reply_by IS NOT NULL` lets SQLite use the partial index that holds consent questions only.
  const openQuestions = db.prepare<[Record<string, string | number>], OpenQuestionRow>(
    `SELECT created_at, from_sender, sent_from FROM messages
     WHERE to_number = @recipient AND reply_by IS NOT NULL AND reply_by >= @at AND created_at <= @at
       AND environment = @environment AND purpose = 'consent-question' AND outcome = 'sent'
     ORDER BY created_at DESC`,
  );
  // Another consent question to the same recipient, from the same number, that Twilio took after
  // `since` and no later than the reply: the reply belongs to it (people answer the latest question).
  const askedSince = db.prepare<[Record<string, string | number>], { found: number }>(
    `SELECT 1 AS found FROM messages m
     WHERE m.to_number = @recipient AND m.reply_by IS NOT NULL AND m.id != @questionId
       AND m.environment = @environment AND m.purpose = 'consent-question' AND m.outcome = 'sent'
       AND coalesce(m.sent_from, m.from_sender) = @hostNumber
       AND EXISTS (SELECT 1 FROM attempts a WHERE a.message_id = m.id
         AND a.outcome IN ('accepted', 'reconciled') AND a.finished_at > @since AND a.finished_at <= @replyAt)
     LIMIT 1`,
  );
  return {
    /**
     * Whether a reply received at `replyAt` answers a later consent question than the one asked at
     * `since`: one YES settles one question, the latest the recipient was asked before replying.
     */
    answersLaterQuestion(query: {
      questionId: string;
      environment: Environment;
      recipient: string;
      hostNumber: string;
      since: Date;
      replyAt: Date;
    }): boolean {
      const { questionId, environment, recipient, hostNumber, since, replyAt } = query;
      return (
        askedSince.get({
          questionId,
          environment,
          recipient,
          hostNumber,
          since: since.getTime(),
          replyAt: replyAt.getTime(),
        }) !== undefined
      );
    },
    /**
     * True when a consent question sent to the recipient from one of these senders is still open:
     * its reply window has not closed and no YES- or NO-like reply has answered it yet.
     */
    awaitsConsentReply(query: ConsentReplyQuery): boolean {
      const { environment, recipient, hostSenders, at, messageSid } = query;
      const rows = openQuestions.all({ recipient, at: at.getTime(), environment });
      return rows.some((question) => {
        const sentFrom = [question.sent_from, question.from_sender];
        if (!hostSenders.some((sender) => sentFrom.includes(sender))) return false;
        const replies = inbound.inboundFrom({
          from: recipient,
          since: new Date(question.created_at),
          environment,
        });
        return !replies.some(
          (reply) =>
            reply.messageSid !== messageSid &&
            reply.receivedAt.getTime() <= at.getTime() &&
            hostSenders.includes(reply.to) &&
            classifyConsentReply(reply.body) !== null,
        );
      });
    },
  };
}
