import { z } from 'zod';
import { parseOrThrow } from '../errors';

/** What a token whose input is still missing (after its own fallback) renders as. */
export const ON_MISSING_MODES = ['keep', 'empty', 'error'] as const;
export type OnMissing = (typeof ON_MISSING_MODES)[number];

export const renderOptionsSchema = z.strictObject({
  /** `keep` leaves the token as written (default), `empty` renders nothing, `error` throws `missing_inputs`. */
  onMissing: z.enum(ON_MISSING_MODES).default('keep'),
});
export type RenderOptions = z.input<typeof renderOptionsSchema>;

export function readRenderOptions(options: unknown): z.output<typeof renderOptionsSchema> {
  return parseOrThrow(renderOptionsSchema, options ?? {}, 'render options');
}
