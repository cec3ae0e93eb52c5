import type { FlowGraphInput, VariableCatalog, VariableDefinition } from '../src/core/flow';
import type { SmsTemplate } from '../src/core/schemas/template';
import { SeededRandom } from './harness/rng';

const LIVE = '+14155550100';
const SANDBOX = '+15005550006';

/** Nodes per block; a flow is a chain of blocks. */
const BLOCK = 5;

/**
 * `fixed`: blocks reuse 20 groups of variable names (a big flow asks the same things in many places),
 * so the number of distinct variables stays at 61. `growing`: every block sets names of its own, so
 * the number of distinct variables grows with the flow (3 per block).
 */
export type Vocabulary = 'fixed' | 'growing';
const FIXED_GROUPS = 20;

/**
 * A flow shaped like a real voice-agent flow, repeated until it has `size` nodes: each block collects
 * variables, branches on a condition, sends an SMS on one branch, merges, sends a second SMS that uses
 * variables from this block (set on only one branch) and from a random earlier block, and sometimes
 * loops back to retry. 40% of the nodes are Send SMS nodes.
 */
export function generateFlow(size: number, seed: number, vocabulary: Vocabulary): FlowGraphInput {
  const random = new SeededRandom(seed);
  const nodes: FlowGraphInput['nodes'] = [
    { id: 'start', type: 'start', data: { sets: ['caller.first_name'] } },
  ];
  const edges: FlowGraphInput['edges'] = [];
  const edge = (source: string, target: string, sourceHandle: string | null = null) =>
    edges.push({ id: `e${edges.length}`, source, target, sourceHandle });
  let previous = 'start';
  let previousHandle: string | null = null;
  const blocks = Math.max(1, Math.round((size - 1) / BLOCK));
  const group = (block: number) => (vocabulary === 'fixed' ? block % FIXED_GROUPS : block);
  for (let block = 0; block < blocks; block++) {
    const b = group(block);
    const earlier = group(random.int(0, block));
    const templateId = `t${random.int(0, 9)}`;
    nodes.push(
      {
        id: `collect${block}`,
        type: 'step',
        data: { sets: [`order${b}.id`, { path: `order${b}.total`, maxLength: 12 }] },
      },
      { id: `check${block}`, type: 'condition', data: {} },
      { id: `extra${block}`, type: 'step', data: { sets: [`note${b}`] } },
      {
        id: `notify${block}`,
        type: 'sendSms',
        data: {
          message: { body: `Hi {{caller.first_name | "there"}}, order {{order${b}.id}} is on its way.` },
          inputs: {
            'caller.first_name': { kind: 'variable', path: 'caller.first_name' },
            [`order${b}.id`]: { kind: 'variable', path: `order${b}.id` },
          },
          consent: { mode: 'not-required', reason: 'The caller asked for updates' },
        },
      },
      {
        id: `confirm${block}`,
        type: 'sendSms',
        data: {
          message: { templateId },
          inputs: {
            order: { kind: 'variable', path: `order${earlier}.id` },
            total: { kind: 'variable', path: `order${b}.total` },
            note: { kind: 'variable', path: `note${b}`, fallback: 'none' },
          },
          consent: { mode: 'ask', question: 'Can I text you the receipt?' },
        },
      },
    );
    edge(previous, `collect${block}`, previousHandle);
    edge(`collect${block}`, `check${block}`);
    edge(`check${block}`, `extra${block}`, 'yes');
    edge(`check${block}`, `notify${block}`, 'no');
    edge(`notify${block}`, `confirm${block}`, 'sent');
    edge(`extra${block}`, `confirm${block}`);
    if (random.chance(0.2)) edge(`confirm${block}`, `collect${block}`, 'failed');
    previous = `confirm${block}`;
    previousHandle = 'sent';
  }
  return { nodes, edges };
}

/** Ten shared templates the Send SMS nodes pick from. */
export const FLOW_TEMPLATES: SmsTemplate[] = Array.from({ length: 10 }, (_, i) => ({
  id: `t${i}`,
  title: `Receipt ${i}`,
  body: `Receipt for order {{order}}: total {{total}}. Note: {{note}}. Reply STOP to opt out.`,
  senders: { live: LIVE, sandbox: SANDBOX },
}));

function setsOf(data: Record<string, unknown>): VariableDefinition[] {
  const sets = (data.sets ?? []) as (string | VariableDefinition)[];
  return sets.map((entry) => (typeof entry === 'string' ? { path: entry } : entry));
}

/** The host's catalog: steps and the start node set what their data lists. */
export const FLOW_CATALOG: VariableCatalog = {
  start: (node) => setsOf(node.data),
  step: (node) => setsOf(node.data),
};

export const FLOW_CONTEXT = {
  catalog: FLOW_CATALOG,
  templates: FLOW_TEMPLATES,
  environment: 'sandbox' as const,
  senders: { live: LIVE, sandbox: SANDBOX },
};
