/**
 * The names a builder sees in the Send SMS inspector for the fields of the node's data, so a
 * problem reads "The field "Question sent by SMS" must not be empty" rather than naming
 * `consent.question`, a path only the flow file knows.
 */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  message: 'Message',
  'message.body': 'Message',
  'message.templateId': 'Template',
  to: 'Recipient',
  inputs: 'Inputs',
  consent: 'Consent',
  'consent.mode': 'Consent',
  'consent.reason': 'Why no consent is needed',
  'consent.path': 'Consent variable',
  'consent.question': 'Consent question',
  'consent.yes': 'Phrases meaning yes',
  'consent.no': 'Phrases meaning no',
  'consent.retries': 'Retries when the answer is unclear',
  'consent.timeoutSeconds': 'Wait for the reply (seconds)',
  timing: 'When to send',
  trigger: 'Send when (trigger condition)',
  optOutFooter: 'Opt-out footer',
  label: 'Node name',
};

/** The inspector's name for the field at `path` (a dotted path into the node data), if it has one. */
export function nodeFieldLabel(path: string): string | undefined {
  const [first, second] = path.split('.');
  if (first === 'inputs' && second) return `Input "${second}"`;
  if (first === 'to') return FIELD_LABELS.to;
  // A phrase's index (consent.yes.2) is still the phrases field.
  return FIELD_LABELS[path] ?? (second === undefined ? undefined : FIELD_LABELS[`${first}.${second}`]);
}
