import fc from 'fast-check';
import { analyzeFlow, upstreamVariables } from '../../src/core';
import { stepCatalog } from './flow-fixtures';
import { anySmallFlow, pathOracle, SMS_OUTPUTS, toFlowGraph } from './flow-path-oracle';

/** Steps may set sms.sid too (a host node can); sms.status comes from Send SMS nodes only. */
const SET_BY_STEPS = ['a', 'b', 'c', 'sms.sid'];
const VARIABLES = [...SET_BY_STEPS, ...SMS_OUTPUTS.filter((path) => !SET_BY_STEPS.includes(path))];
const randomFlow = anySmallFlow(SET_BY_STEPS, 9);

describe('availability agrees with the definition on random flows (loops, several starts, orphans, Send SMS branches)', () => {
  it('upstreamVariables and analyzeFlow match a path-by-path search', () => {
    fc.assert(
      fc.property(randomFlow, (flow) => {
        const expectedAt = pathOracle(flow);
        const graph = toFlowGraph(flow);
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
