import type { SmsTemplate } from '../../core/schemas/template';

/**
 * Templates whose title or body holds every word of `query` (case-insensitive), best first:
 * titles starting with the query, then titles holding it, then matches in the body only.
 * The order among equals stays the caller's, so a familiar list does not jump around.
 */
export function searchTemplates(templates: readonly SmsTemplate[], query: string): SmsTemplate[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...templates];
  const words = needle.split(/\s+/);
  const ranked: { template: SmsTemplate; rank: number; order: number }[] = [];
  templates.forEach((template, order) => {
    const title = template.title.toLowerCase();
    const body = template.body.toLowerCase();
    if (!words.every((word) => title.includes(word) || body.includes(word))) return;
    const rank = title.startsWith(needle)
      ? 0
      : title.includes(needle)
        ? 1
        : words.every((w) => title.includes(w))
          ? 2
          : 3;
    ranked.push({ template, rank, order });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.order - b.order).map((entry) => entry.template);
}

/** The first `length` characters of the body on one line, for a picker option. */
export function bodyStart(body: string, length = 60): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
