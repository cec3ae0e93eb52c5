/**
 * The template language of an SMS body (full guide: docs/template-language.md).
 *
 *   {{name}}                  an input; names are dotted paths: {{caller.first_name}}
 *   {{name | "fallback"}}     literal text used when the input has no value ('single' quotes work too;
 *                             inside, \" and \\ write a quote and a backslash); spaces around | are fine
 *   <name>  ${name}           pasted from Synthflow / PolyAI: same input as {{name}}, only exact matches
 *   {{entity:name}}           PolyAI entity and variable tokens: inputs `name` and `NAME`
 *   {{vrbl:NAME}}
 *   \{{                       a literal "{{"; likewise \${name} and \<name> are literal text. Two
 *                             backslashes before a token write one backslash and keep the token.
 *
 * A `{{ }}` token ends at its first `}}`; one that is not closed on its line, is empty, has an invalid
 * name or a malformed fallback is a syntax error, reported with offsets and rendered as written.
 * Anything that only resembles a foreign token (`a < b`, `<3`, `$5`, `<img src=x>`) is plain text.
 */
export { canonicalToken, toCanonicalTemplate } from './canonical';
export {
  type CompiledTemplate,
  compileTemplate,
  renderTemplate,
  type TemplateValues,
  templateInputs,
} from './compile';
export { escapeTemplateText } from './escape';
export { formatTemplateValue, TEMPLATE_LIST_SEPARATOR } from './format-value';
export { parseTemplate } from './parse';
export type { RenderResult } from './render';
export { ON_MISSING_MODES, type OnMissing, type RenderOptions, renderOptionsSchema } from './render-options';
export {
  type ParsedTemplate,
  TEMPLATE_SYNTAX_ERROR_CODES,
  type TemplatePart,
  type TemplateSyntaxError,
  type TemplateSyntaxErrorCode,
  type TemplateText,
  type TemplateToken,
  TOKEN_SYNTAXES,
  type TokenSyntax,
} from './types';
