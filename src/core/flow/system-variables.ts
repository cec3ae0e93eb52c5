import { CALLER_NUMBER_PATH } from '../schemas/send-sms-node';
import type { VariableDefinition } from './catalog';

/** An E.164 number is `+` and at most 15 digits. */
const E164_MAX_LENGTH = 16;

/**
 * Variables every flow has, whatever its nodes: the call being handled and the clock. The host fills
 * them in at run time (the executor from the call, or from `now` in the formats described here).
 */
export const SYSTEM_VARIABLES: readonly VariableDefinition[] = Object.freeze([
  {
    path: CALLER_NUMBER_PATH,
    label: "Caller's number",
    description:
      'The number the caller is calling from, in E.164 form; the default recipient of a Send SMS node.',
    sample: '+14155550123',
    maxLength: E164_MAX_LENGTH,
  },
  {
    path: 'call.agent_number',
    label: "Agent's number",
    description: 'The number the caller dialled (the agent or line answering the call), in E.164 form.',
    sample: '+14155550100',
    maxLength: E164_MAX_LENGTH,
  },
  {
    path: 'call.id',
    label: 'Call ID',
    description: "The host's identifier of the call, such as a Twilio Call SID.",
    sample: 'CA0123456789abcdef0123456789abcdef',
  },
  {
    path: 'now.date',
    label: "Today's date",
    description: 'The date when the message is rendered, as YYYY-MM-DD.',
    sample: '2025-03-14',
    maxLength: 10,
  },
  {
    path: 'now.time',
    label: 'Current time',
    description: 'The time of day when the message is rendered, as 24-hour HH:MM.',
    sample: '14:05',
    maxLength: 5,
  },
  {
    path: 'now.iso',
    label: 'Current date and time',
    description: 'The moment the message is rendered, as an ISO 8601 timestamp in UTC.',
    sample: '2025-03-14T14:05:00.000Z',
    maxLength: 24,
  },
]);

/**
 * What a Send SMS node tells the steps after it. Built in, so nodes downstream can use them even when
 * the host's catalog does not list the Send SMS node type.
 *
 * They describe the message Twilio accepted, so they hold only along the node's `sent` branch. Its
 * other branches (declined, opted out, failed) clear them: no message went out, and the steps after
 * them must not read an earlier node's message as this one's. The analysis counts them as set along
 * sent edges and unset along the others; the flow runner sets and clears them the same way.
 */
export const SEND_SMS_OUTPUT_VARIABLES: readonly VariableDefinition[] = Object.freeze([
  {
    path: 'sms.sid',
    label: 'Message SID',
    description: "Twilio's identifier of the message just sent (SM followed by 32 hex characters).",
    sample: 'SM0123456789abcdef0123456789abcdef',
    maxLength: 34,
  },
  {
    path: 'sms.status',
    label: 'Message status',
    description: "The message's latest Twilio status, such as queued, sent, delivered or failed.",
    sample: 'queued',
    maxLength: 19,
  },
  {
    path: 'sms.segments',
    label: 'Segments',
    description: 'How many SMS segments the message took (what the carrier bills).',
    sample: '1',
    maxLength: 2,
  },
]);

const SEND_SMS_OUTPUT_PATHS: ReadonlySet<string> = new Set(SEND_SMS_OUTPUT_VARIABLES.map((v) => v.path));

/** Whether `path` is one of SEND_SMS_OUTPUT_VARIABLES, which a Send SMS node's branches set and clear. */
export function isSendSmsOutput(path: string): boolean {
  return SEND_SMS_OUTPUT_PATHS.has(path);
}
