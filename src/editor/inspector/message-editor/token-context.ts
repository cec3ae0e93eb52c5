import { StateEffect, StateField } from '@codemirror/state';
import type { UpstreamVariable } from '../../../core/flow';
import { groupVariables, type VariableGroup } from '../variable-catalog';

/** What the editor knows about the variables a token may name; replaced when the props change. */
export interface TokenContext {
  variables: readonly UpstreamVariable[];
  groups: VariableGroup[];
  byPath: ReadonlyMap<string, UpstreamVariable>;
  /** Off in a template body, whose tokens are inputs mapped later rather than upstream variables. */
  flagUnknown: boolean;
  /** Token names the node's input mapping already gives a value (a fixed one, say): never unknown. */
  mapped: ReadonlySet<string>;
}

/** The part of the context that comes from the variable list: the costly part with 5,000 variables. */
export type TokenCatalog = Pick<TokenContext, 'variables' | 'groups' | 'byPath'>;

export function createTokenCatalog(
  variables: readonly UpstreamVariable[],
  nodeLabels?: Readonly<Record<string, string>>,
): TokenCatalog {
  return {
    variables,
    groups: groupVariables(variables, nodeLabels),
    byPath: new Map(variables.map((variable) => [variable.path, variable])),
  };
}

/**
 * `catalog` may be one built earlier for the same variables: a change to the node's mapping (an
 * input mapped as it is typed) then reuses the groups, the lookup and the completion options.
 */
export function createTokenContext(
  variables: readonly UpstreamVariable[],
  flagUnknown: boolean,
  nodeLabels?: Readonly<Record<string, string>>,
  mapped: Iterable<string> = [],
  catalog: TokenCatalog = createTokenCatalog(variables, nodeLabels),
): TokenContext {
  return { ...catalog, flagUnknown, mapped: new Set(mapped) };
}

export const setTokenContext = StateEffect.define<TokenContext>();

export const tokenContextField = StateField.define<TokenContext>({
  create: () => createTokenContext([], true),
  update(value, transaction) {
    for (const effect of transaction.effects) if (effect.is(setTokenContext)) return effect.value;
    return value;
  },
});
