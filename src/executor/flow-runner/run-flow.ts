import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../../core/errors';
import { SEND_SMS_OUTPUT_VARIABLES } from '../../core/flow/system-variables';
import type { FlowEdge } from '../../core/schemas/flow';
import type { SendSmsBranch, SendSmsNodeData } from '../../core/schemas/send-sms-node';
import { CALLER_NUMBER_PATH } from '../../core/schemas/send-sms-node';
import { prepareFlow, type RunnableFlow, type RunnableNode } from './flow-graph';
import { cloneVariables, deleteVariable, type FlowVariables, getVariable, setVariable } from './variables';

/** What the runner needs from the Send SMS executor (`createSendSmsExecutor` provides it). */
export interface SendSmsNodeRunner {
  execute(
    nodeData: SendSmsNodeData,
    context: { runId: string; nodeId: string; variables: FlowVariables; callerNumber?: string },
  ): Promise<{ branch: SendSmsBranch; message?: unknown; error?: unknown }>;
}

export interface StepMessage {
  sid: string | null;
  to: string | null;
  from: string | null;
  body: string | null;
  segments: number | null;
  status: string;
}

export interface StepError {
  code: string;
  message: string;
  hint?: string;
}

export interface FlowStep {
  nodeId: string;
  type: string;
  branch?: SendSmsBranch;
  message?: StepMessage;
  error?: StepError;
}

export interface FlowRunResult {
  runId: string;
  steps: FlowStep[];
}

export const DEFAULT_MAX_STEPS = 200;

const runOptionsSchema = z.object({
  executor: z.custom<SendSmsNodeRunner>(
    (value) => typeof (value as SendSmsNodeRunner | null)?.execute === 'function',
    'must be a Send SMS executor (an object with an execute function)',
  ),
  variables: z.record(z.string(), z.unknown()).default({}),
  callerNumber: z.string().trim().min(1, 'must not be empty').optional(),
  runId: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  maxSteps: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(DEFAULT_MAX_STEPS),
  /** The clock `now.*` variables are read from; the system clock by default. */
  now: z
    .custom<() => Date>((value) => typeof value === 'function', 'must be a function returning a Date')
    .optional(),
});
export type RunFlowOptions = z.input<typeof runOptionsSchema>;

/**
 * The reference runner: starts at the `start` node, follows edges by source handle, runs Send SMS
 * nodes through the executor, applies Set variables nodes, and stops at an `end` node or where no
 * edge continues. Hosts have their own engines; this one exists so a flow file can be run as it is
 * (by the CLI and the playground) and so hosts can read how a Send SMS node's branches are meant
 * to be followed.
 *
 * The whole file is validated before the first node runs. A run that exceeds `maxSteps` (a loop)
 * ends with a step carrying a `max_steps` error rather than throwing, so the steps already taken,
 * and the messages they sent, are still reported.
 */
export async function runFlow(flowFile: unknown, options: RunFlowOptions): Promise<FlowRunResult> {
  const flow = prepareFlow(flowFile);
  const opts = parseOrThrow(runOptionsSchema, options, 'runFlow options');
  const runId = opts.runId ?? `run_${randomUUID()}`;
  const variables = cloneVariables(opts.variables);
  const callerNumber = opts.callerNumber ?? callerFrom(variables);
  if (callerNumber !== undefined) setVariable(variables, CALLER_NUMBER_PATH, callerNumber);
  setClockVariables(variables, (opts.now ?? (() => new Date()))());

  const steps: FlowStep[] = [];
  let current: RunnableNode | undefined = flow.nodes.get(flow.startId);
  while (current) {
    if (steps.length >= opts.maxSteps) {
      steps.push({
        nodeId: current.id,
        type: current.type,
        error: {
          code: 'max_steps',
          // This node did not run: the step says where the run stopped and why.
          message: `Not run: the run already took ${opts.maxSteps} steps without reaching an end node; the flow probably loops. Break the loop or raise the step limit (maxSteps, or --max-steps for flow-sms run).`,
        },
      });
      break;
    }
    const step = await runNode(current, flow, { runId, variables, callerNumber, executor: opts.executor });
    steps.push(step.record);
    current = step.next;
  }
  return { runId, steps };
}

interface RunContext {
  runId: string;
  variables: FlowVariables;
  callerNumber: string | undefined;
  executor: SendSmsNodeRunner;
}

async function runNode(
  node: RunnableNode,
  flow: RunnableFlow,
  context: RunContext,
): Promise<{ record: FlowStep; next: RunnableNode | undefined }> {
  const edges = flow.outgoing.get(node.id) ?? [];
  const follow = (edge: FlowEdge | undefined) => (edge ? flow.nodes.get(edge.target) : undefined);
  switch (node.kind) {
    case 'end':
      return { record: { nodeId: node.id, type: node.type }, next: undefined };
    case 'setVariables':
      for (const [path, value] of Object.entries(node.values)) setVariable(context.variables, path, value);
      return passThrough(node, edges, follow);
    case 'sendSms': {
      const result = await context.executor.execute(node.data, {
        runId: context.runId,
        nodeId: node.id,
        variables: context.variables,
        ...(context.callerNumber !== undefined ? { callerNumber: context.callerNumber } : {}),
      });
      const record: FlowStep = { nodeId: node.id, type: node.type, branch: result.branch };
      const message = toStepMessage(result.message);
      if (message) record.message = message;
      const error = toStepError(result.error);
      if (error) record.error = error;
      if (result.branch === 'sent' && message) setSendSmsOutputs(context.variables, message);
      else clearSendSmsOutputs(context.variables);
      return { record, next: follow(edges.find((edge) => edge.sourceHandle === result.branch)) };
    }
    default:
      return passThrough(node, edges, follow);
  }
}

/** A node with one way out continues on it; one with several ends the run with an error step. */
function passThrough(
  node: RunnableNode,
  edges: readonly FlowEdge[],
  follow: (edge: FlowEdge | undefined) => RunnableNode | undefined,
): { record: FlowStep; next: RunnableNode | undefined } {
  const edge = defaultEdge(edges);
  const record: FlowStep = { nodeId: node.id, type: node.type };
  if (edge !== 'ambiguous') return { record, next: follow(edge) };
  record.error = {
    code: 'ambiguous_branch',
    message: `Node "${node.id}" (type ${node.type}) has several outgoing edges with source handles, and the reference runner cannot choose between them; it stops here.`,
  };
  return { record, next: undefined };
}

/**
 * The edge a single-exit node continues on: its only edge, or the one without a source handle.
 * Several candidates mean the node branches on something this runner does not evaluate.
 */
function defaultEdge(edges: readonly FlowEdge[]): FlowEdge | undefined | 'ambiguous' {
  if (edges.length <= 1) return edges[0];
  const plain = edges.filter((edge) => !edge.sourceHandle);
  return plain.length === 1 ? plain[0] : 'ambiguous';
}

/**
 * The `now.*` system variables, as core's SYSTEM_VARIABLES describe them: the run's start, date and
 * time on this machine's clock, the ISO timestamp in UTC. Values the host passed in win.
 */
function setClockVariables(variables: FlowVariables, at: Date): void {
  const pad = (n: number) => String(n).padStart(2, '0');
  const values = {
    'now.date': `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    'now.time': `${pad(at.getHours())}:${pad(at.getMinutes())}`,
    'now.iso': at.toISOString(),
  };
  for (const [path, value] of Object.entries(values)) {
    if (getVariable(variables, path) === undefined) setVariable(variables, path, value);
  }
}

/** What a Send SMS node tells the nodes after its sent branch (core's SEND_SMS_OUTPUT_VARIABLES). */
function setSendSmsOutputs(variables: FlowVariables, message: StepMessage): void {
  setVariable(variables, 'sms.sid', message.sid);
  setVariable(variables, 'sms.status', message.status);
  setVariable(variables, 'sms.segments', message.segments);
}

/**
 * Any branch but sent means no message went out (a failed one may still carry the refused message's
 * record), and a sent result without a readable message has nothing to tell: either way the outputs
 * go, as core's analysis assumes, so later nodes cannot take an earlier node's message for this one's.
 */
function clearSendSmsOutputs(variables: FlowVariables): void {
  for (const { path } of SEND_SMS_OUTPUT_VARIABLES) deleteVariable(variables, path);
}

function callerFrom(variables: FlowVariables): string | undefined {
  const value = getVariable(variables, CALLER_NUMBER_PATH);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

const stepMessageSchema = z.looseObject({
  sid: z.string().nullish(),
  to: z.string().nullish(),
  from: z.string().nullish(),
  sentFrom: z.string().nullish(),
  body: z.string().nullish(),
  segments: z.number().nullish(),
  status: z.string().nullish(),
});

/** The trace keeps the fields a reader checks; the executor's full record stays in the store. */
function toStepMessage(message: unknown): StepMessage | undefined {
  const parsed = stepMessageSchema.safeParse(message);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  return {
    sid: m.sid ?? null,
    to: m.to ?? null,
    from: m.sentFrom ?? m.from ?? null,
    body: m.body ?? null,
    segments: m.segments ?? null,
    status: m.status ?? 'unknown',
  };
}

function toStepError(error: unknown): StepError | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === 'string') return { code: 'error', message: error };
  if (error instanceof FlowSmsError) return { code: error.code, message: error.message };
  const e = error as { code?: unknown; message?: unknown; hint?: unknown };
  const result: StepError = {
    code: e.code === undefined || e.code === null ? 'error' : String(e.code),
    message: typeof e.message === 'string' ? e.message : String(error),
  };
  if (typeof e.hint === 'string' && e.hint) result.hint = e.hint;
  return result;
}
