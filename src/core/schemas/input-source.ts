import { z } from 'zod';
import { VARIABLE_PATH_PATTERN } from '../names';

export const variablePathSchema = z
  .string()
  .regex(
    VARIABLE_PATH_PATTERN,
    'must be a variable path such as caller.first_name (letters, digits, _ and dots)',
  );

/** Where a template input (or the recipient) takes its value from. */
export const inputSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('variable'),
    path: variablePathSchema,
    /** Used when the variable is missing or empty at run time. */
    fallback: z.string().optional(),
  }),
  z.object({ kind: z.literal('fixed'), value: z.string() }),
]);
export type InputSource = z.infer<typeof inputSourceSchema>;

/**
 * Missing, for the purpose of a fallback: nothing, null, or text with nothing but spaces. The
 * executor, the preview and flow validation all use this one rule, so a blank fixed value or a
 * blank variable is treated alike everywhere (a message never goes out with a gap in it).
 */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Where an input's value comes from: its mapping, or else the variable of the same name
 * (`{{caller.first_name}}` left unmapped reads caller.first_name). One rule for the executor's
 * render and the flow's checks.
 */
export function inputSourceOf(inputs: Readonly<Record<string, InputSource>>, name: string): InputSource {
  return (Object.hasOwn(inputs, name) ? inputs[name] : undefined) ?? { kind: 'variable', path: name };
}
