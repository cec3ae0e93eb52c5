import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Environment } from '../../core/environments';
import type { FieldIssue } from '../../core/errors';
import { TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX } from '../../core/limits';
import type { SmsTemplate } from '../../core/schemas/template';
import { countSegments } from '../../core/segments';
import { useReservedTemplateIds } from '../store/context';
import { MessageEditor } from './MessageEditor';
import { TextField } from './TextField';
import {
  checkTemplateDraft,
  DRAFT_FIELD_LABELS,
  type DraftField,
  draftFromTemplate,
  type TemplateDraft,
} from './template-draft';

export interface TemplateFormProps {
  /** The template being edited; absent when creating one. */
  template?: SmsTemplate;
  /** Prefills a new template (e.g. from the inline message being turned into a template). */
  initialDraft?: Partial<TemplateDraft>;
  templates: readonly SmsTemplate[];
  environment: Environment;
  /** Returns issues the store found (shown on the fields), or nothing when saved. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a host's callback may return nothing when it saved
  onSubmit: (template: SmsTemplate) => FieldIssue[] | void;
  onCancel: () => void;
}

const SENDER_HINT =
  'An E.164 number such as +14155550123, or a Messaging Service SID (MG and 32 hex characters).';
const SENDER_FIELDS: {
  field: 'live' | 'sandbox' | 'preRelease';
  environment: Environment;
  required: boolean;
}[] = [
  { field: 'live', environment: 'live', required: true },
  { field: 'sandbox', environment: 'sandbox', required: false },
  { field: 'preRelease', environment: 'pre-release', required: false },
];

/** Maps a store issue (`senders.live`, `title`...) onto the form field that shows it. */
/** The form field an issue is about; null for one about the library as a whole (still loading, say). */
function fieldOf(issue: FieldIssue): DraftField | null {
  const last = issue.field.split('.').pop() ?? '';
  return last in DRAFT_FIELD_LABELS ? (last as DraftField) : null;
}

/**
 * Creates or edits a template in place. Each field shows the schema's complaint as soon as it has
 * been typed in, and every field's on a save attempt; the first invalid field then takes focus.
 */
export function TemplateForm({
  template,
  initialDraft,
  templates,
  environment,
  onSubmit,
  onCancel,
}: TemplateFormProps) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<TemplateDraft>(() => ({
    ...draftFromTemplate(template),
    ...initialDraft,
  }));
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const [attempts, setAttempts] = useState(0);
  const [storeIssues, setStoreIssues] = useState<Partial<Record<DraftField, string>>>({});
  // Refusals that no field can fix, said in the form's alert rather than pinned on the title.
  const [formIssues, setFormIssues] = useState<string[]>([]);
  // The picker links the node to the id derived here, so it must skip the same ids the store does:
  // ids nodes still name (a deleted template's nodes would otherwise be re-linked to this one).
  const reservedIds = useReservedTemplateIds();
  const check = useMemo(
    () => checkTemplateDraft(draft, templates, template?.id, reservedIds),
    [draft, templates, template?.id, reservedIds],
  );

  const shownError = (field: DraftField): string | undefined => {
    const message = storeIssues[field] ?? check.issues[field];
    if (!message || (attempts === 0 && !touched.has(field))) return undefined;
    return `${DRAFT_FIELD_LABELS[field]} ${message}`;
  };
  const update = (field: DraftField) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setStoreIssues(({ [field]: _cleared, ...rest }) => rest);
  };

  // After a failed save, move focus to the first field that needs fixing.
  useEffect(() => {
    if (attempts === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check.template) {
      setAttempts((n) => n + 1);
      return;
    }
    const issues = onSubmit(check.template) ?? [];
    const onFields = issues.filter((issue) => fieldOf(issue) !== null);
    setStoreIssues(Object.fromEntries(onFields.map((issue) => [fieldOf(issue), issue.message])));
    setFormIssues(issues.filter((issue) => fieldOf(issue) === null).map((issue) => issue.message));
    if (issues.length > 0) setAttempts((n) => n + 1);
  };

  // Counted as the limit counts them (an emoji is one character), not in UTF-16 units.
  const bodyCharacters = useMemo(() => countSegments(draft.body).characters, [draft.body]);
  const titleCharacters = useMemo(() => countSegments(draft.title).characters, [draft.title]);
  const errorCount = attempts > 0 ? Object.keys({ ...check.issues, ...storeIssues }).length : 0;
  const bodyError = shownError('body');
  const title = template ? `Edit template “${template.title}”` : 'New template';

  return (
    <form
      ref={formRef}
      className="fsms-template-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.nativeEvent.defaultPrevented) onCancel();
      }}
    >
      <h4 id={`${id}-title`}>{title}</h4>
      {errorCount > 0 && (
        <p role="alert" className="fsms-error">
          {errorCount === 1 ? 'Fix 1 problem before saving.' : `Fix ${errorCount} problems before saving.`}
        </p>
      )}
      {formIssues.length > 0 && (
        <p role="alert" className="fsms-error">
          {formIssues.join(' ')}
        </p>
      )}
      <TextField
        label="Title"
        value={draft.title}
        required
        autoFocus
        error={shownError('title')}
        hint={`${titleCharacters}/${TEMPLATE_TITLE_MAX} characters; unique among your templates.`}
        onChange={update('title')}
      />
      <MessageEditor
        label="Body"
        value={draft.body}
        variables={[]}
        flagUnknownTokens={false}
        invalid={Boolean(bodyError)}
        describedBy={`${id}-body-notes`}
        onChange={update('body')}
      />
      <div id={`${id}-body-notes`}>
        <p className="fsms-hint">
          {bodyCharacters}/{TEMPLATE_BODY_MAX} characters. Write inputs as {'{{name}}'}; each one is mapped
          per node.
        </p>
        {bodyError && <p className="fsms-error">{bodyError}</p>}
      </div>
      <fieldset>
        <legend>Senders</legend>
        {SENDER_FIELDS.map(({ field, environment: env, required }) => (
          <TextField
            key={field}
            label={`${DRAFT_FIELD_LABELS[field]} ${required ? '(required)' : '(optional)'}${env === environment ? ' · current environment' : ''}`}
            value={draft[field]}
            required={required}
            error={shownError(field)}
            hint={SENDER_HINT}
            onChange={update(field)}
          />
        ))}
      </fieldset>
      <TextField
        label="Language (optional)"
        value={draft.language}
        placeholder="en-US"
        error={shownError('language')}
        onChange={update('language')}
      />
      <div className="fsms-actions">
        <button type="submit">{template ? 'Save template' : 'Create template'}</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
