import type { SendSmsBranch } from '../../core/schemas/send-sms-node';
import type { MessageRecord } from '../store/messages';
import type { ErrorInfo } from '../store/schemas';

export interface SentMessageSummary {
  /** The message's id in the log (and the `outboxId` of its status callbacks). */
  id: string;
  sid: string | null;
  to: string | null;
  /** The configured sender (phone number or Messaging Service SID). */
  from: string | null;
  /** The number Twilio sent from, when it says. */
  sentFrom: string | null;
  body: string;
  segments: number | null;
  encoding: 'GSM-7' | 'UCS-2' | null;
  status: string;
  price?: string;
  priceUnit?: string;
}

/** What `execute` resolves to: the branch the flow follows, and what happened on the way. */
export interface SendSmsResult {
  branch: SendSmsBranch;
  message?: SentMessageSummary;
  error?: ErrorInfo;
}

export function resultFromMessage(record: MessageRecord): SendSmsResult {
  const branch = record.outcome ?? 'failed';
  const result: SendSmsResult = { branch };
  if (record.body !== null) {
    result.message = {
      id: record.id,
      sid: record.sid,
      to: record.to,
      from: record.from,
      sentFrom: record.sentFrom,
      body: record.body,
      segments: record.segments,
      encoding: record.encoding,
      status: record.status,
      ...(record.price !== null ? { price: record.price } : {}),
      ...(record.priceUnit !== null ? { priceUnit: record.priceUnit } : {}),
    };
  }
  if (branch !== 'sent' && record.error) result.error = record.error;
  return result;
}
