/** Every problem `validateFlow` reports, by stable code (programs match on these, never on messages). */
export const FLOW_DIAGNOSTIC_CODES = [
  'invalid-node-data',
  'unknown-template',
  'template-syntax',
  'input-not-mapped',
  'input-reserved-name',
  'input-fixed-empty',
  'input-variable-unset',
  'input-variable-some-paths',
  'consent-variable-unavailable',
  'recipient-missing',
  'recipient-invalid',
  'recipient-unavailable',
  'no-sender',
  'branch-unconnected',
  'message-too-long',
  'node-unreachable',
] as const;
export type FlowDiagnosticCode = (typeof FLOW_DIAGNOSTIC_CODES)[number];

export interface FlowDiagnostic {
  nodeId: string;
  severity: 'error' | 'warning';
  code: FlowDiagnosticCode;
  /** Written for the builder: what is wrong and what to do about it. */
  message: string;
  /**
   * Where in the node's settings to look, as a dotted path into its data (`inputs.first_name`,
   * `consent.path`); `branches.<id>` for an outgoing branch.
   */
  field?: string;
}
