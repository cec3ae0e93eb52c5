// Flow analysis: which variables a node can use, and what would stop a Send SMS node from working.
export type { Availability } from './availability';
export { type VariableCatalog, type VariableDefinition, variableDefinitionSchema } from './catalog';
export { FLOW_DIAGNOSTIC_CODES, type FlowDiagnostic, type FlowDiagnosticCode } from './diagnostics';
export type { FlowGraphInput } from './graph-index';
export { SEND_SMS_OUTPUT_VARIABLES, SYSTEM_VARIABLES } from './system-variables';
export {
  analyzeFlow,
  type FlowAnalysis,
  type FlowAnalysisOptions,
  flowAnalysisOptionsSchema,
  type UpstreamVariable,
  upstreamVariables,
} from './upstream-variables';
export {
  type AnalyzedAndValidatedFlow,
  analyzeAndValidateFlow,
  type ValidateFlowContext,
  validateFlow,
  validateFlowContextSchema,
} from './validate-flow';
