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

export function createTokenContext(
  variables: readonly UpstreamVariable[],
  flagUnknown: boolean,
  nodeLabels?: Readonly<Record<string, string>>,
  mapped: Iterable<string> = [],
): TokenContext {
  return {
    variables,
    groups: groupVariables(variables, nodeLabels),
    byPath: new Map(variables.map((variable) => [variable.path, variable])),
    flagUnknown,
    mapped: new Set(mapped),
  };
}

export const setTokenContext = StateEffect.define<TokenContext>();

export const tokenContextField = StateField.define<TokenContext>({
  create: () => createTokenContext([], true),
  update(value, transaction) {
    for (const effect of transaction.effects) if (effect.is(setTokenContext)) return effect.value;
    return value;
  },
});
