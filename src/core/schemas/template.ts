import { z } from 'zod';
import { TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX } from '../limits';
import { countSegments } from '../segments/count-segments';
import { sendersSchema } from './sender';

export const templateIdSchema = z
  .string()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'may hold only letters, digits, dots, dashes and underscores');

/**
 * The product documents limit titles and bodies in characters, so they are counted as the message
 * preview counts them: one per user-perceived character, whatever its encoding (an emoji, a flag,
 * a letter with a combining accent, a CR LF line break are one each).
 */
function atMostCharacters(max: number) {
  return (text: string) => text.length <= max || countSegments(text).characters <= max;
}

export const templateBodySchema = z
  .string()
  .min(1, 'must not be empty')
  // Only spaces and line breaks: the executor refuses to send that, so it is refused here already.
  .refine((text) => text === '' || text.trim() !== '', 'must not be blank: write the message')
  .refine(atMostCharacters(TEMPLATE_BODY_MAX), `must be at most ${TEMPLATE_BODY_MAX} characters`)
  // JSON Schema (the plugin manifest) counts code points, never more than characters: a body within
  // its maxLength is always within this limit.
  .meta({ maxLength: TEMPLATE_BODY_MAX });

/** A reusable SMS template, as a builder manages them in the template picker. */
export const smsTemplateSchema = z.object({
  id: templateIdSchema,
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine(atMostCharacters(TEMPLATE_TITLE_MAX), `must be at most ${TEMPLATE_TITLE_MAX} characters`),
  body: templateBodySchema,
  senders: sendersSchema,
  /** BCP 47 language tag, e.g. `en-US`; informational. */
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-US')
    .optional(),
});
export type SmsTemplate = z.infer<typeof smsTemplateSchema>;
