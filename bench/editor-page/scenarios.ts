import type { Edge, Node } from '@xyflow/react';

/** What the page shows, read from the query string. */
export interface Scenario {
  kind: 'sms' | 'default' | 'inspector';
  count: number;
  variables: number;
}

export function readScenario(search: string): Scenario {
  const params = new URLSearchParams(search);
  const kind = params.get('kind');
  if (kind !== 'sms' && kind !== 'default' && kind !== 'inspector') {
    throw new Error(`kind must be sms, default or inspector (got ${kind})`);
  }
  return {
    kind,
    count: Number(params.get('count') ?? 1000),
    variables: Number(params.get('variables') ?? 0),
  };
}

const COLUMNS = 40;

/** The same grid and the same chain of edges for every kind of node, so only the node differs. */
function position(i: number) {
  return { x: (i % COLUMNS) * 280, y: Math.floor(i / COLUMNS) * 180 };
}

export const EDITED_NODE = 'sms-41';

export function buildCanvas(scenario: Scenario): { nodes: Node[]; edges: Edge[] } {
  const sms = scenario.kind !== 'default';
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  if (scenario.kind === 'inspector') {
    nodes.push({ id: 'collect', type: 'collect', position: { x: -300, y: 0 }, data: { label: 'Collect' } });
  }
  for (let i = 0; i < scenario.count; i++) {
    const id = sms ? `sms-${i}` : `node-${i}`;
    nodes.push(
      sms
        ? {
            id,
            type: 'sendSms',
            position: position(i),
            selected: scenario.kind === 'inspector' && id === EDITED_NODE,
            data: {
              version: 2,
              message: { body: `Hi {{first_name}}, your table ${i} is booked for {{time}}.` },
              inputs: {
                first_name: { kind: 'fixed', value: 'Alex' },
                time: { kind: 'fixed', value: '19:30' },
              },
              consent: { mode: 'not-required', reason: 'The caller asked for a confirmation' },
            },
          }
        : { id, type: 'default', position: position(i), data: { label: `Node ${i}` } },
    );
    const previous =
      i % COLUMNS === 0 ? (scenario.kind === 'inspector' ? 'collect' : null) : nodes.at(-2)!.id;
    if (previous) {
      edges.push({
        id: `e-${i}`,
        source: previous,
        target: id,
        sourceHandle: sms && previous !== 'collect' ? 'sent' : null,
      });
    }
  }
  return { nodes, edges };
}

/** A host node type that sets `count` variables: what a CRM lookup with many fields looks like. */
export function bigCatalog(count: number) {
  return {
    collect: Array.from({ length: count }, (_, i) => ({
      path: `crm.field_${i}`,
      label: `CRM field ${i}`,
      sample: `value ${i}`,
    })),
  };
}
