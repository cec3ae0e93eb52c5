export {
  END_NODE_TYPE,
  prepareFlow,
  type RunnableFlow,
  SET_VARIABLES_NODE_TYPE,
  START_NODE_TYPE,
} from './flow-graph';
export {
  DEFAULT_MAX_STEPS,
  type FlowRunResult,
  type FlowStep,
  type RunFlowOptions,
  runFlow,
  type SendSmsNodeRunner,
  type StepError,
  type StepMessage,
} from './run-flow';
export type { FlowVariables } from './variables';
