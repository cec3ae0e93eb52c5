import type { ParsedTemplate } from '../../../core/template';
import { reservedNameProblem } from '../../../core/template/reserved-names';
import { PARTIAL_NOTE } from '../variable-catalog';
import type { TokenContext } from './token-context';

/** Why a span of the message is underlined; shown as its tooltip and in the list under the editor. */
export interface TokenProblem {
  kind: 'malformed' | 'reserved' | 'unknown' | 'partial';
  message: string;
  start: number;
  end: number;
}

/**
 * The problems a builder should see while typing: malformed tokens (from the parser), tokens whose
 * name can never get a value (flow validation rejects them too, mapped or not, in a template as
 * inline), tokens naming no upstream variable, and tokens whose variable some paths do not set. A
 * token the input mapping covers is the mapping's business (the inputs panel reports it) for the
 * last two.
 */
export function findTokenProblems(parsed: ParsedTemplate, context: TokenContext): TokenProblem[] {
  const problems: TokenProblem[] = parsed.errors.map((error) => ({
    kind: 'malformed' as const,
    message: error.message,
    start: error.start,
    end: error.end,
  }));
  for (const part of parsed.parts) {
    if (part.type !== 'token') continue;
    const reserved = reservedNameProblem(part.name);
    if (reserved !== undefined) {
      problems.push({
        kind: 'reserved',
        message: `“${part.name}” ${reserved}`,
        start: part.start,
        end: part.end,
      });
      continue;
    }
    if (!context.flagUnknown || context.mapped.has(part.name)) continue;
    const variable = context.byPath.get(part.name);
    if (!variable) {
      problems.push({
        kind: 'unknown',
        message: `No upstream node sets “${part.name}”: pick a variable from the list or map it`,
        start: part.start,
        end: part.end,
      });
    } else if (variable.availability === 'some-paths' && part.fallback === undefined) {
      problems.push({
        kind: 'partial',
        message: `“${part.name}” is ${PARTIAL_NOTE}: add a fallback, e.g. {{${part.name} | "there"}}`,
        start: part.start,
        end: part.end,
      });
    }
  }
  return problems.sort((a, b) => a.start - b.start);
}
