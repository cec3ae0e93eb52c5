import fc from 'fast-check';
import { analyzeFlow, type FlowGraphInput, upstreamVariables } from '../../src/core';
import { stepCatalog } from './flow-fixtures';
import { pathOracle, type SmallFlow } from './flow-path-oracle';

const VARIABLES = ['a', 'b', 'c', 'd'];
const randomFlow = fc
  .integer({ min: 1, max: 9 })
  .chain((count) =>
    fc.record({
      nodes: fc.array(
        fc.record({
          type: fc.constantFrom('start', 'step', 'step', 'step'),
          sets: fc.subarray(VARIABLES, { maxLength: 2 }),
        }),
        { minLength: count, maxLength: count },
      ),
      edges: fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: count * 2 }),
    }),
  )
  .map(({ nodes, edges }) => ({ nodes: nodes.map((node, i) => ({ ...node, id: `n${i}` })), edges }));

function toFlow(flow: SmallFlow) {
  return {
    nodes: flow.nodes.map((node) => ({ id: node.id, type: node.type, data: { sets: node.sets } })),
    edges: flow.edges.map(([s, t], i) => ({ id: `e${i}`, source: `n${s}`, target: `n${t}` })),
  } satisfies FlowGraphInput;
}

describe('availability agrees with the definition on random flows (loops, several starts, orphans)', () => {
  it('upstreamVariables and analyzeFlow match a path-by-path search', () => {
    fc.assert(
      fc.property(randomFlow, (flow) => {
        const expectedAt = pathOracle(flow);
        const graph = toFlow(flow);
        const analysis = analyzeFlow(graph, stepCatalog);
        flow.nodes.forEach((node, target) => {
          const listed = new Map(
            upstreamVariables(graph, node.id, stepCatalog)
              .filter((v) => !v.system)
              .map((v) => [v.path, v.availability]),
          );
          for (const variable of VARIABLES) {
            const expected = expectedAt(target, variable);
            expect([node.id, variable, listed.get(variable)]).toEqual([node.id, variable, expected]);
            expect([node.id, variable, analysis.availability(node.id, variable)]).toEqual([
              node.id,
              variable,
              expected,
            ]);
          }
        });
      }),
      { numRuns: 400 },
    );
  });
});
