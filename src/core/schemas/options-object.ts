import { z } from 'zod';

/**
 * An options object that refuses keys it does not know, naming them and the options there are.
 * A host's misspelt option (`templatesStorage`, `statusCallbackUrl`) would otherwise be dropped
 * without a word, and the feature it meant to turn on silently stays off.
 */
export function optionsObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const names = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown option ${issue.keys.map((key) => `"${key}"`).join(', ')}; the options are ${names}`
        : undefined,
  });
}
