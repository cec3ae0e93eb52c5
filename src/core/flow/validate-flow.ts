import { z } from 'zod';
import { environmentSchema } from '../environments';
import { FlowSmsError, parseOrThrow } from '../errors';
import { BRANCH_LABELS, branchesFor, SEND_SMS_NODE_TYPE, type SendSmsBranch } from '../schemas/send-sms-node';
import { sendersSchema } from '../schemas/sender';
import { type SmsTemplate, smsTemplateSchema } from '../schemas/template';
import { type ParsedTemplate, parseTemplate } from '../template';
import type { VariableCatalog } from './catalog';
import type { FlowDiagnostic } from './diagnostics';
import type { FlowGraphInput } from './graph-index';
import { nodeFieldLabel } from './node-field-labels';
import { checkSendSmsNode } from './send-sms-checks';
import { analyzePreparedFlow, type FlowAnalysis, prepareFlow } from './upstream-variables';

export const validateFlowContextSchema = z.object({
  catalog: z.custom<VariableCatalog>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be an object mapping node types to the variables they set',
  ),
  templates: z.array(smsTemplateSchema),
  /** The environment the flow will run in: decides which sender must exist. */
  environment: environmentSchema,
  /** Default senders for inline messages (a template brings its own). */
  senders: sendersSchema.partial().optional(),
  startNodeType: z.string().min(1, 'must name a node type').optional(),
});
export type ValidateFlowContext = z.input<typeof validateFlowContextSchema>;

/** What happens on each branch, to tell the builder what an unconnected branch means. */
const BRANCH_MEANING: Record<SendSmsBranch, string> = {
  sent: 'after the message is sent',
  declined: 'when the caller declines',
  opted_out: 'when the recipient has opted out (replied STOP)',
  failed: 'when the message cannot be sent',
};

function indexTemplates(templates: readonly SmsTemplate[]): Map<string, SmsTemplate> {
  const byId = new Map<string, SmsTemplate>();
  templates.forEach((template, i) => {
    if (byId.has(template.id)) {
      throw new FlowSmsError(
        'duplicate_template_id',
        `Invalid validateFlow context: templates.${i}.id "${template.id}" is already the id of another template; template ids must be unique`,
        `templates.${i}.id`,
      );
    }
    byId.set(template.id, template);
  });
  return byId;
}

/**
 * Everything that would stop a flow's Send SMS nodes from working, per node, with a message for the
 * builder and the settings field to fix. Errors mean the node cannot send as configured; warnings
 * mean it can, but perhaps not as intended. Time is linear in the size of the flow.
 */
export function validateFlow(flow: FlowGraphInput, context: ValidateFlowContext): FlowDiagnostic[] {
  return analyzeAndValidateFlow(flow, context).diagnostics;
}

/** What `analyzeAndValidateFlow` returns: the diagnostics and the analysis they were drawn from. */
export interface AnalyzedAndValidatedFlow {
  /** The same answers `analyzeFlow(flow, context.catalog, { startNodeType })` gives. */
  analysis: FlowAnalysis;
  /** The same list `validateFlow(flow, context)` returns. */
  diagnostics: FlowDiagnostic[];
}

/**
 * `validateFlow` and `analyzeFlow` from one reading of the flow: for a caller that needs both on
 * every change (the editor), the flow is validated and indexed once instead of twice, and the
 * variables the checks already asked about stay answered for later questions.
 */
export function analyzeAndValidateFlow(
  flow: FlowGraphInput,
  context: ValidateFlowContext,
): AnalyzedAndValidatedFlow {
  const ctx = parseOrThrow(validateFlowContextSchema, context, 'validateFlow context');
  const prepared = prepareFlow(flow, ctx.catalog, { startNodeType: ctx.startNodeType });
  const analysis = analyzePreparedFlow(prepared);
  const { index } = prepared;

  // Parse each body once, however many nodes use the template.
  const parsedBodies = new Map<string, ParsedTemplate>();
  const parse = (body: string) => {
    let parsed = parsedBodies.get(body);
    if (!parsed) {
      parsed = parseTemplate(body);
      parsedBodies.set(body, parsed);
    }
    return parsed;
  };
  const checkContext = {
    analysis,
    templates: indexTemplates(ctx.templates),
    parse,
    environment: ctx.environment,
    senders: ctx.senders,
  };

  const connected = new Set<string>();
  for (const edge of index.edges) {
    if (edge.sourceHandle && index.indexOf.has(edge.target))
      connected.add(`${edge.source}\n${edge.sourceHandle}`);
  }

  const diagnostics: FlowDiagnostic[] = [];
  for (const [i, node] of index.nodes.entries()) {
    if (node.type !== SEND_SMS_NODE_TYPE) continue;
    const reachable = analysis.isReachable(node.id);
    if (!reachable) {
      diagnostics.push({
        nodeId: node.id,
        severity: 'warning',
        code: 'node-unreachable',
        message:
          'No path from the start reaches this node, so it never runs: connect it to the flow or delete it.',
      });
    }
    const parsed = index.sendSmsData(i);
    if (!parsed.ok) {
      diagnostics.push(...invalidDataDiagnostics(node.id, parsed.error));
      continue;
    }
    diagnostics.push(...checkSendSmsNode(node.id, parsed.data, reachable, checkContext));
    for (const branch of branchesFor(parsed.data)) {
      if (connected.has(`${node.id}\n${branch}`)) continue;
      diagnostics.push({
        nodeId: node.id,
        severity: 'warning',
        code: 'branch-unconnected',
        message: `The "${BRANCH_LABELS[branch]}" branch is not connected, so the flow ends here ${BRANCH_MEANING[branch]}.`,
        field: `branches.${branch}`,
      });
    }
  }
  return { analysis, diagnostics };
}

function invalidFieldMessage(field: string, problem: string): string {
  if (!field) return `Invalid settings: ${problem}.`;
  const label = nodeFieldLabel(field);
  return label ? `The field "${label}" ${problem}.` : `Invalid setting: ${field} ${problem}.`;
}

/** One diagnostic per invalid field, with the schema's own explanation, named as the inspector names it. */
function invalidDataDiagnostics(nodeId: string, error: FlowSmsError): FlowDiagnostic[] {
  const issues = Array.isArray(error.details) ? (error.details as { field: string; message: string }[]) : [];
  if (issues.length === 0) {
    const diagnostic: FlowDiagnostic = {
      nodeId,
      severity: 'error',
      code: 'invalid-node-data',
      message: error.message,
    };
    return error.field ? [{ ...diagnostic, field: error.field }] : [diagnostic];
  }
  const seen = new Set<string>();
  const diagnostics: FlowDiagnostic[] = [];
  for (const issue of issues) {
    if (seen.has(issue.field)) continue;
    seen.add(issue.field);
    diagnostics.push({
      nodeId,
      severity: 'error',
      code: 'invalid-node-data',
      message: invalidFieldMessage(issue.field, issue.message),
      ...(issue.field ? { field: issue.field } : {}),
    });
  }
  return diagnostics;
}
