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
  return {
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
