import { describeZodIssues, type FieldIssue, type SmsTemplate, smsTemplateSchema } from '../../core';

export type NewTemplate = Omit<SmsTemplate, 'id'> & { id?: string };
export type TemplateResult = { ok: true; template: SmsTemplate } | { ok: false; errors: FieldIssue[] };

const titleKey = (title: string) => title.trim().toLocaleLowerCase();

/** Titles are compared as a builder reads them: ignoring case and surrounding spaces. */
export function isTitleTaken(title: string, templates: readonly SmsTemplate[], exceptId?: string): boolean {
  const key = titleKey(title);
  return templates.some((t) => t.id !== exceptId && titleKey(t.title) === key);
}

/** Schema rules plus the one rule the schema cannot know: a title is unique in the library. */
export function checkTemplate(
  candidate: unknown,
  templates: readonly SmsTemplate[],
  exceptId?: string,
): TemplateResult {
  const parsed = smsTemplateSchema.safeParse(candidate);
  const errors = parsed.success ? [] : describeZodIssues(parsed.error);
  const title = (candidate as { title?: unknown } | null)?.title;
  if (typeof title === 'string' && title.trim() && isTitleTaken(title, templates, exceptId)) {
    errors.push({ field: 'title', message: 'is already used by another template; choose another title' });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, template: parsed.data };
}

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * Ids a new template must not take although no template in the library has them: those the canvas's
 * nodes still name and those of templates deleted in this session. Handing one out would silently
 * re-link the nodes that name it to a template the builder never chose for them.
 */
export function reservedTemplateIds(
  referenced: ReadonlySet<string>,
  deleted: ReadonlySet<string>,
): ReadonlySet<string> {
  if (deleted.size === 0) return referenced;
  if (referenced.size === 0) return deleted;
  return new Set([...referenced, ...deleted]);
}

/**
 * A readable id derived from the title, so stored flows stay legible; unique in the library and
 * none of the `reserved` ids (see `reservedTemplateIds`).
 */
export function newTemplateId(
  title: string,
  templates: readonly SmsTemplate[],
  reserved: ReadonlySet<string> = NO_IDS,
): string {
  const base =
    title
      .toLocaleLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'template';
  const taken = new Set([...templates.map((t) => t.id), ...reserved]);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** "Title (copy)", then "Title (copy 2)" and so on, cut so it still fits the title limit. */
export function copyTitle(title: string, templates: readonly SmsTemplate[], maxLength: number): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${title.slice(0, maxLength - suffix.length).trimEnd()}${suffix}`;
    if (!isTitleTaken(candidate, templates)) return candidate;
  }
}
