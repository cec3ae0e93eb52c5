/**
 * The grammar of variable names shared by templates, input mappings and flow analysis.
 * A path is one or more identifiers joined by dots: `caller.first_name`, `CONFIRMATION_CODE`.
 * Both patterns are anchored and have no nested quantifiers, so they run in linear time.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const VARIABLE_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isVariablePath(value: string): boolean {
  return VARIABLE_PATH_PATTERN.test(value);
}
