import { z } from 'zod';
import { consentSchema } from './consent';
import { inputSourceSchema } from './input-source';
import { templateBodySchema, templateIdSchema } from './template';

export const SEND_SMS_NODE_TYPE = 'sendSms';
/** The id of the node's one input handle, as the manifest names it for hosts that wire edges. */
export const SEND_SMS_INPUT_HANDLE = 'in';
export const SEND_SMS_SCHEMA_VERSION = 2;

/** The node's outgoing branches, used as React Flow source handle ids. */
export const SEND_SMS_BRANCHES = ['sent', 'declined', 'opted_out', 'failed'] as const;
export type SendSmsBranch = (typeof SEND_SMS_BRANCHES)[number];
export const BRANCH_LABELS: Record<SendSmsBranch, string> = {
  sent: 'Sent',
  declined: 'Declined',
  opted_out: 'Opted out',
  failed: 'Failed',
};

/** The system variable holding the caller's number: the default recipient. */
export const CALLER_NUMBER_PATH = 'call.caller_number';

const MESSAGE_FORMS = '{ templateId } (a saved template) or { body } (inline text)';

/** Why a message source matches neither form, for what was given. */
function messageSourceProblem(input: unknown): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return `must be ${MESSAGE_FORMS}`;
  }
  const has = (key: string) => Object.hasOwn(input, key);
  if (has('templateId') && has('body')) return `must be ${MESSAGE_FORMS}, not both`;
  if (has('body'))
    return `body must be the message text, got ${describeType((input as { body: unknown }).body)}`;
  if (has('templateId')) {
    return `templateId must be a template id, got ${describeType((input as { templateId: unknown }).templateId)}`;
  }
  const keys = Object.keys(input);
  return `must be ${MESSAGE_FORMS}${keys.length > 0 ? `, not { ${keys.join(', ')} }` : ''}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export const messageSourceSchema = z.union(
  [z.strictObject({ templateId: templateIdSchema }), z.strictObject({ body: templateBodySchema })],
  { error: (issue) => messageSourceProblem(issue.input) },
);
export type MessageSource = z.infer<typeof messageSourceSchema>;

export const sendSmsNodeDataSchema = z.object({
  version: z.literal(SEND_SMS_SCHEMA_VERSION).default(SEND_SMS_SCHEMA_VERSION),
  message: messageSourceSchema,
  to: inputSourceSchema.default({ kind: 'variable', path: CALLER_NUMBER_PATH }),
  /** One source per template input, keyed by the input's name. */
  inputs: z.record(z.string(), inputSourceSchema).default({}),
  consent: consentSchema,
  timing: z.enum(['during-call', 'after-call']).default('during-call'),
  /** A free-text condition describing when to send, as Synthflow's actions have. */
  trigger: z.string().max(500).default(''),
  /** Appends "Reply STOP to unsubscribe." to the message. */
  optOutFooter: z.boolean().default(false),
  /** A label shown on the canvas instead of "Send SMS". */
  label: z.string().max(100).optional(),
});
/** Node data after parsing: every default filled in. */
export type SendSmsNodeData = z.output<typeof sendSmsNodeDataSchema>;
/** Node data as written by hand or stored in a flow file: defaults may be omitted. */
export type SendSmsNodeDataInput = z.input<typeof sendSmsNodeDataSchema>;

export const OPT_OUT_FOOTER = 'Reply STOP to unsubscribe.';

/**
 * The message body as sent: the footer goes on its own line. The preview, the executor and the
 * length check all call this, so what a designer sees is what the recipient gets.
 */
export function withOptOutFooter(text: string, optOutFooter: boolean): string {
  return optOutFooter ? `${text.trimEnd()}\n${OPT_OUT_FOOTER}` : text;
}

/** Whether the node can end on the `declined` branch, i.e. the handle is shown. */
export function asksForConsent(data: Pick<SendSmsNodeData, 'consent'>): boolean {
  return data.consent.mode === 'ask' || data.consent.mode === 'sms-reply' || data.consent.mode === 'variable';
}

/** The branches a node with this configuration can take, in display order. */
export function branchesFor(data: Pick<SendSmsNodeData, 'consent'>): SendSmsBranch[] {
  return SEND_SMS_BRANCHES.filter((branch) => branch !== 'declined' || asksForConsent(data));
}
