import type { Environment } from '../../core/environments';
import type { SendSmsNodeData } from '../../core/schemas/send-sms-node';
import type { Senders } from '../../core/schemas/sender';
import { type SmsTemplate, smsTemplateSchema } from '../../core/schemas/template';
import { senderForEnvironment } from '../../core/senders';
import type { ErrorInfo } from '../store/schemas';
import type { TemplateLookup } from './options';

export type MessageSource =
  | { ok: true; body: string; sender: string; templateId: string | null }
  | { ok: false; error: ErrorInfo };

/** Turns the host's `templates` option into one lookup, whether a list or a function was given. */
export function templateLookup(templates: SmsTemplate[] | TemplateLookup): TemplateLookup {
  if (typeof templates === 'function') return templates;
  const byId = new Map(templates.map((template) => [template.id, template]));
  return (id) => byId.get(id);
}

/** The text to render and the sender for this environment: the template's, or the defaults for inline text. */
export async function resolveMessageSource(
  message: SendSmsNodeData['message'],
  environment: Environment,
  lookup: TemplateLookup,
  defaultSenders: Partial<Senders>,
): Promise<MessageSource> {
  if ('body' in message) {
    const sender = senderForEnvironment(defaultSenders, environment);
    if (sender) return { ok: true, body: message.body, sender, templateId: null };
    return {
      ok: false,
      error: {
        code: 'no_sender',
        message: `No sender for the ${environment} environment: the message is written inline, and defaultSenders has none for ${environment}.`,
        hint: `Give the executor a ${environment} sender in defaultSenders (a phone number or a Messaging Service SID).`,
      },
    };
  }
  const found = await lookup(message.templateId);
  const checked = found === undefined ? undefined : smsTemplateSchema.safeParse(found);
  if (!checked?.success) {
    return {
      ok: false,
      error: {
        code: found === undefined ? 'unknown_template' : 'invalid_template',
        message:
          found === undefined
            ? `Template "${message.templateId}" does not exist: pick one of the templates the executor was given.`
            : `Template "${message.templateId}" is not valid: ${checked?.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      },
    };
  }
  const sender = senderForEnvironment(checked.data.senders, environment);
  if (!sender) {
    return {
      ok: false,
      error: {
        code: 'no_sender',
        message: `Template "${message.templateId}" has no sender for the ${environment} environment.`,
        hint: `Set the template's ${environment} sender; sandbox and pre-release never fall back to the live number.`,
      },
    };
  }
  return { ok: true, body: checked.data.body, sender, templateId: checked.data.id };
}
