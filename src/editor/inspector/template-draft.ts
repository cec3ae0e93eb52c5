import { SENDER_LABEL_BY_ENVIRONMENT } from '../../core/environments';
import { describeZodIssues, FlowSmsError } from '../../core/errors';
import { type SmsTemplate, smsTemplateSchema } from '../../core/schemas/template';

/** The template form's fields as typed: plain strings, empty meaning "not set". */
export interface TemplateDraft {
  title: string;
  body: string;
  live: string;
  sandbox: string;
  preRelease: string;
  language: string;
}

export type DraftField = keyof TemplateDraft;

export const DRAFT_FIELD_LABELS: Record<DraftField, string> = {
  title: 'Title',
  body: 'Body',
  live: SENDER_LABEL_BY_ENVIRONMENT.live,
  sandbox: SENDER_LABEL_BY_ENVIRONMENT.sandbox,
  preRelease: SENDER_LABEL_BY_ENVIRONMENT['pre-release'],
  language: 'Language',
};

/** Schema paths to the form field showing them; the id is derived from the title. */
const FIELD_BY_PATH: Record<string, DraftField> = {
  id: 'title',
  title: 'title',
  body: 'body',
  'senders.live': 'live',
  'senders.sandbox': 'sandbox',
  'senders.preRelease': 'preRelease',
  senders: 'live',
  language: 'language',
};

export function draftFromTemplate(template?: SmsTemplate): TemplateDraft {
  return {
    title: template?.title ?? '',
    body: template?.body ?? '',
    live: template?.senders.live ?? '',
    sandbox: template?.senders.sandbox ?? '',
    preRelease: template?.senders.preRelease ?? '',
    language: template?.language ?? '',
  };
}

/** A readable id from the title (`Booking confirmed` -> `booking-confirmed`), unique among `taken`. */
export function templateIdFor(title: string, taken: ReadonlySet<string>): string {
  if (typeof title !== 'string') {
    throw new FlowSmsError(
      'invalid_input',
      'templateIdFor: title must be a string (the template title)',
      'title',
    );
  }
  if (!(taken instanceof Set)) {
    throw new FlowSmsError(
      'invalid_input',
      'templateIdFor: taken must be a Set of the template ids in use',
      'taken',
    );
  }
  const base =
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'template';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

const normaliseTitle = (title: string) => title.trim().toLowerCase();

export interface DraftCheck {
  /** Present only when the draft is a valid, unique template. */
  template?: SmsTemplate;
  issues: Partial<Record<DraftField, string>>;
}

/**
 * Validates the draft with the template schema itself (so the form and the store can never
 * disagree), plus what the schema cannot know alone: the title must be unique. A new template's
 * id is unique in the library and none of `reservedIds` (ids nodes still name, or deleted ones).
 */
export function checkTemplateDraft(
  draft: TemplateDraft,
  templates: readonly SmsTemplate[],
  editingId?: string,
  reservedIds: ReadonlySet<string> = new Set(),
): DraftCheck {
  const others = templates.filter((template) => template.id !== editingId);
  const candidate = {
    id: editingId ?? templateIdFor(draft.title, new Set([...templates.map((t) => t.id), ...reservedIds])),
    title: draft.title,
    body: draft.body,
    senders: {
      live: draft.live,
      ...(draft.sandbox.trim() ? { sandbox: draft.sandbox } : {}),
      ...(draft.preRelease.trim() ? { preRelease: draft.preRelease } : {}),
    },
    ...(draft.language.trim() ? { language: draft.language.trim() } : {}),
  };
  const issues: Partial<Record<DraftField, string>> = {};
  const result = smsTemplateSchema.safeParse(candidate);
  if (!result.success) {
    for (const issue of describeZodIssues(result.error)) {
      const field = FIELD_BY_PATH[issue.field] ?? 'title';
      issues[field] ??= issue.message;
    }
  }
  if (draft.live.trim() === '') issues.live = 'is required: messages in Live are sent from it';
  const title = normaliseTitle(draft.title);
  if (title && others.some((template) => normaliseTitle(template.title) === title)) {
    issues.title = 'is already used by another template; titles must be unique';
  }
  const valid = result.success && Object.keys(issues).length === 0;
  return valid ? { template: result.data, issues } : { issues };
}
