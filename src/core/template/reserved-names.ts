import { isReservedPathSegment } from './program';

/**
 * What is wrong with a token name that can never get a value (a dotted part such as `constructor`,
 * which the renderer never looks up), as the end of a sentence naming the token; undefined for any
 * other name. One wording for the flow's diagnostics and the message editor's marks.
 */
export function reservedNameProblem(name: string): string | undefined {
  const reserved = name.split('.').find(isReservedPathSegment);
  if (reserved === undefined) return undefined;
  const rename = name
    .split('.')
    .map((segment) => (segment === reserved ? `${reserved.replaceAll('_', '')}_name` : segment))
    .join('.');
  return `uses "${reserved}", a name reserved by JavaScript, so it can never get a value: rename it in the message, such as {{${rename}}}`;
}
