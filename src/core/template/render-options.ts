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

function isOnMissing(value: unknown): value is OnMissing {
  return value === 'keep' || value === 'empty' || value === 'error';
}

/**
 * The `onMissing` mode of render options. Renders run once per message, so the shapes callers actually
 * pass (nothing, or `{ onMissing: mode }`) are recognised without running the schema; they are exactly
 * the shapes the schema accepts unchanged. Anything else goes through the schema, which words the error.
 */
export function readOnMissing(options: unknown): OnMissing {
  if (options === undefined || options === null) return 'keep';
  if (typeof options === 'object' && !Array.isArray(options)) {
    // The schema looks at every enumerable key, inherited ones included, as `for…in` does.
    let onlyKnownKeys = true;
    for (const key in options) {
      if (key !== 'onMissing') {
        onlyKnownKeys = false;
        break;
      }
    }
    if (onlyKnownKeys) {
      const mode: unknown = (options as { onMissing?: unknown }).onMissing;
      if (mode === undefined) return 'keep';
      if (isOnMissing(mode)) return mode;
    }
  }
  return readRenderOptions(options).onMissing;
}
