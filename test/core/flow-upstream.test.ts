import {
  analyzeFlow,
  FlowSmsError,
  SEND_SMS_OUTPUT_VARIABLES,
  SYSTEM_VARIABLES,
  type UpstreamVariable,
  upstreamVariables,
  type VariableCatalog,
} from '../../src/core';
import { buildFlow, type NodeSpec, stepCatalog } from './flow-fixtures';

interface AvailabilityCase {
  name: string;
  edges: string;
  nodes: Record<string, NodeSpec>;
  at: string;
  expected: Record<string, 'always' | 'some-paths'>;
}

describe('upstreamVariables: availability on every path or only some', () => {
  it.each<AvailabilityCase>([
    {
      name: 'a chain: everything before the node is always set, the node itself sets nothing for itself',
      edges: 'start->a a->b b->c',
      nodes: { start: { sets: ['s'] }, a: { sets: ['x'] }, b: { sets: ['y'] } },
      at: 'b',
      expected: { s: 'always', x: 'always' },
    },
    {
      name: 'a diamond: set on one branch only is some-paths, set on both is always',
      edges: 'start->a start->c a->d c->d',
      nodes: { a: { sets: ['x', 'z'] }, c: { sets: ['y', 'z'] } },
      at: 'd',
      expected: { x: 'some-paths', z: 'always', y: 'some-paths' },
    },
    {
      name: 'a branch that skips the setter makes it some-paths',
      edges: 'start->a a->d start->d',
      nodes: { a: { sets: ['x'] } },
      at: 'd',
      expected: { x: 'some-paths' },
    },
    {
      name: 'nested diamonds: an outer always survives inner branching',
      edges: 'start->a a->b a->c b->d c->d d->e d->f e->g f->g',
      nodes: {
        a: { sets: ['outer'] },
        b: { sets: ['inner'] },
        c: { sets: ['inner'] },
        e: { sets: ['late'] },
      },
      at: 'g',
      expected: { outer: 'always', inner: 'always', late: 'some-paths' },
    },
    {
      name: 'a loop: a variable set inside the loop is some-paths at the loop exit',
      edges: 'start->h h->b b->h h->exit',
      nodes: { b: { sets: ['retry'] } },
      at: 'exit',
      expected: { retry: 'some-paths' },
    },
    {
      name: 'a loop: a variable set before the loop stays always inside and after it',
      edges: 'start->s s->h h->b b->h h->exit',
      nodes: { s: { sets: ['x'] }, b: { sets: ['retry'] } },
      at: 'b',
      expected: { x: 'always', retry: 'some-paths' },
    },
    {
      name: "a node's own outputs reach it around a loop, as some-paths",
      edges: 'start->a a->b b->a',
      nodes: { a: { sets: ['mine'] }, b: { sets: ['theirs'] } },
      at: 'a',
      expected: { mine: 'some-paths', theirs: 'some-paths' },
    },
    {
      name: 'a self-loop: the node sees its own output on the second visit only',
      edges: 'start->a a->a',
      nodes: { a: { sets: ['count'] } },
      at: 'a',
      expected: { count: 'some-paths' },
    },
    {
      name: 'an irreducible loop (two entries): only what every entry path sets is always',
      edges: 'start->a start->b a->b b->a a->e',
      nodes: { a: { sets: ['x'] }, b: { sets: ['y'] } },
      at: 'e',
      expected: { x: 'always', y: 'some-paths' },
    },
    {
      name: 'the start node itself: only a loop back brings anything, never always',
      edges: 'start->a a->start',
      nodes: { a: { sets: ['x'] } },
      at: 'start',
      expected: { x: 'some-paths' },
    },
    {
      name: 'multiple starts: set by one start only is some-paths',
      edges: 'start1->m start2->m',
      nodes: { start1: { sets: ['x', 'both'] }, start2: { sets: ['both'] } },
      at: 'm',
      expected: { x: 'some-paths', both: 'always' },
    },
    {
      name: 'no start node: nodes nothing leads into begin the flow',
      edges: 'a->b c->b b->d',
      nodes: { a: { sets: ['x', 'y'] }, c: { sets: ['x'] } },
      at: 'd',
      expected: { x: 'always', y: 'some-paths' },
    },
    {
      name: 'no start node, and the first node is looped back to: it begins the flow',
      edges: 'greet->ask ask->b b->greet',
      nodes: { greet: { sets: ['x'] }, ask: { sets: ['y'] } },
      at: 'b',
      expected: { x: 'always', y: 'always' },
    },
    {
      name: 'no start node, a loop fed by a node nothing leads into: that node begins it',
      edges: 'entry->a a->b b->a',
      nodes: { entry: { sets: ['e'] }, b: { sets: ['late'] } },
      at: 'a',
      expected: { e: 'always', late: 'some-paths' },
    },
    {
      name: 'a node no start reaches sees its own ancestors, as some-paths',
      edges: 'start->a u->v',
      nodes: { start: { sets: ['s'] }, a: { sets: ['x'] }, u: { sets: ['orphan'] } },
      at: 'v',
      expected: { orphan: 'some-paths' },
    },
    {
      name: 'an unreachable node feeding the flow adds nothing to it',
      edges: 'start->a u->a',
      nodes: { start: { sets: ['s'] }, u: { sets: ['orphan'] } },
      at: 'a',
      expected: { s: 'always' },
    },
    {
      name: 'edges to nodes that do not exist are ignored',
      edges: 'start->a ghost->a',
      nodes: { start: { sets: ['s'] } },
      at: 'a',
      expected: { s: 'always' },
    },
  ])('$name', ({ edges, nodes, at, expected }) => {
    const flow = buildFlow(edges, nodes);
    if (edges.includes('ghost')) flow.nodes = flow.nodes.filter((node) => node.id !== 'ghost');
    const variables = upstreamVariables(flow, at, stepCatalog);
    expect(
      Object.fromEntries(variables.filter((v) => !v.system).map((v) => [v.path, v.availability])),
    ).toEqual(expected);
  });

  it('uses the start type the host names', () => {
    const flow = buildFlow('begin->m other->m', {
      begin: { type: 'begin', sets: ['x'] },
      other: { sets: ['y'] },
    });
    const catalog = { ...stepCatalog, begin: stepCatalog.step! };
    const at = (options?: { startNodeType: string }) =>
      upstreamVariables(flow, 'm', catalog, options)
        .filter((v) => !v.system)
        .map((v) => [v.path, v.availability]);
    expect(at({ startNodeType: 'begin' })).toEqual([['x', 'always']]);
    // With the default start type there is none, so both nodes without incoming edges begin the flow.
    expect(at()).toEqual([
      ['x', 'some-paths'],
      ['y', 'some-paths'],
    ]);
  });
});

describe('upstreamVariables: what each variable says', () => {
  it('lists the system variables first, always available, with labels and samples', () => {
    const variables = upstreamVariables(buildFlow('start->a'), 'a', stepCatalog);
    expect(variables.map((v) => v.path)).toEqual([
      'call.caller_number',
      'call.agent_number',
      'call.id',
      'now.date',
      'now.time',
      'now.iso',
    ]);
    for (const variable of variables) {
      expect(variable).toMatchObject({ availability: 'always', system: true, sourceNodeIds: [] });
      expect(variable.label).toBeTruthy();
      expect(variable.sample).toBeTruthy();
    }
    expect(SYSTEM_VARIABLES.map((v) => v.path)).toEqual(variables.map((v) => v.path));
  });

  it('names every node that sets a variable, in flow order', () => {
    const flow = buildFlow('start->a start->c a->d c->d', { a: { sets: ['z'] }, c: { sets: ['z'] } });
    const z = upstreamVariables(flow, 'd', stepCatalog).find((v) => v.path === 'z');
    expect(z?.sourceNodeIds).toEqual(['a', 'c']);
  });

  it('keeps the first label and sample, and a length bound only when every setter declares one', () => {
    const flow = buildFlow('start->a start->b start->c a->d b->d c->d', {
      a: { sets: [{ path: 'name', label: 'Name', maxLength: 10 }] },
      b: {
        sets: [
          { path: 'name', sample: 'Ada', maxLength: 20 },
          { path: 'code', maxLength: 6 },
        ],
      },
      c: { sets: [{ path: 'code' }] },
    });
    const byPath = new Map(upstreamVariables(flow, 'd', stepCatalog).map((v) => [v.path, v]));
    expect(byPath.get('name')).toEqual({
      path: 'name',
      label: 'Name',
      sample: 'Ada',
      maxLength: 20,
      sourceNodeIds: ['a', 'b'],
      availability: 'some-paths',
    });
    expect(byPath.get('code')?.maxLength).toBeUndefined();
  });

  it('gives a Send SMS node its message sid, status and segments even when the catalog omits it', () => {
    const flow = buildFlow('start->sms1 sms1:sent->next', { sms1: { type: 'sendSms' } });
    const sms = upstreamVariables(flow, 'next', stepCatalog).filter((v) => v.path.startsWith('sms.'));
    expect(sms.map((v) => [v.path, v.availability, v.sourceNodeIds])).toEqual([
      ['sms.sid', 'always', ['sms1']],
      ['sms.status', 'always', ['sms1']],
      ['sms.segments', 'always', ['sms1']],
    ]);
    expect(sms.map((v) => v.label)).toEqual(SEND_SMS_OUTPUT_VARIABLES.map((v) => v.label));
  });

  it("lets the host's catalog describe a Send SMS output its own way and add more", () => {
    const catalog: VariableCatalog = {
      sendSms: [{ path: 'sms.sid', label: 'Twilio SID' }, { path: 'sms.to' }],
    };
    const flow = buildFlow('start->sms1 sms1:sent->next', { sms1: { type: 'sendSms' } });
    const sms = upstreamVariables(flow, 'next', catalog).filter((v) => v.path.startsWith('sms.'));
    expect(sms.map((v) => [v.path, v.label])).toEqual([
      ['sms.sid', 'Twilio SID'],
      ['sms.to', undefined],
      ['sms.status', 'Message status'],
      ['sms.segments', 'Segments'],
    ]);
  });

  it('reads outputs that depend on the node, such as a set-variables node listing names in its data', () => {
    const catalog: VariableCatalog = {
      setVariables: (node) => Object.keys(node.data.values as object).map((path) => ({ path })),
    };
    const flow = buildFlow('start->set set->sms', {
      set: { type: 'setVariables', data: { values: { 'order.id': '42', 'order.total': '9.99' } } },
    });
    const upstream = upstreamVariables(flow, 'sms', catalog).filter((v) => !v.system);
    expect(upstream.map((v) => [v.path, v.availability, v.sourceNodeIds])).toEqual([
      ['order.id', 'always', ['set']],
      ['order.total', 'always', ['set']],
    ]);
  });

  it('adds a node that also sets a system variable to its sources', () => {
    const flow = buildFlow('start->a a->b', { a: { sets: ['call.id'] } });
    const callId = upstreamVariables(flow, 'b', stepCatalog).find((v) => v.path === 'call.id');
    expect(callId).toMatchObject({ system: true, availability: 'always', sourceNodeIds: ['a'] });
  });
});

describe('upstreamVariables: a Send SMS node sets sms.* on its sent branch and clears it on the others', () => {
  const asks = {
    type: 'sendSms',
    data: { message: { body: 'Hi' }, consent: { mode: 'ask', question: 'OK?' } },
  };
  const noConsent = {
    type: 'sendSms',
    data: { message: { body: 'Hi' }, consent: { mode: 'not-required', reason: 'Asked for it' } },
  };
  const smsAt = (edges: string, at: string, nodes: Record<string, NodeSpec>) =>
    upstreamVariables(buildFlow(edges, nodes), at, {})
      .filter((v) => v.path.startsWith('sms.'))
      .map((v) => [v.path, v.availability, v.sourceNodeIds]);

  it('a node reached only through the declined branch sees no message', () => {
    expect(smsAt('start->first first:declined->second', 'second', { first: asks, second: asks })).toEqual([]);
  });

  it('a node reached through sent and declined sees the message on some paths', () => {
    expect(
      smsAt('start->first first:sent->second first:declined->second', 'second', {
        first: asks,
        second: asks,
      }),
    ).toEqual([
      ['sms.sid', 'some-paths', ['first']],
      ['sms.status', 'some-paths', ['first']],
      ['sms.segments', 'some-paths', ['first']],
    ]);
  });

  it("a node that sent nothing hides an earlier node's message from the nodes after it", () => {
    const nodes = { first: asks, second: asks, third: asks, fourth: asks };
    const edges = 'start->first first:sent->second second:declined->third second:sent->fourth';
    expect(smsAt(edges, 'third', nodes)).toEqual([]);
    expect(smsAt(edges, 'fourth', nodes).map(([path, availability]) => [path, availability])).toEqual([
      ['sms.sid', 'always'],
      ['sms.status', 'always'],
      ['sms.segments', 'always'],
    ]);
  });

  it('an edge from a branch the node cannot take, or from no branch, leads nowhere', () => {
    const flow = buildFlow('start->first first:declined->second first->third first:sent->fourth', {
      first: noConsent,
      second: asks,
      third: asks,
      fourth: asks,
    });
    const analysis = analyzeFlow(flow, {});
    expect(['second', 'third', 'fourth'].map((id) => analysis.isReachable(id))).toEqual([false, false, true]);
    expect(analysis.availability('second', 'sms.sid')).toBeUndefined();
  });
});

describe('upstreamVariables: bad input fails with the field to fix', () => {
  const flow = buildFlow('start->a');
  it.each<[string, () => unknown, string, RegExp]>([
    [
      'an unknown node id',
      () => upstreamVariables(flow, 'nope', stepCatalog),
      'nodeId',
      /"nope" is not the id/,
    ],
    [
      'a node id that is not a string',
      () => upstreamVariables(flow, 42 as unknown as string, stepCatalog),
      'nodeId',
      /must be a string/,
    ],
    [
      'a node without an id',
      () => upstreamVariables({ nodes: [{ type: 'start' }] } as never, 'a', stepCatalog),
      'nodes.0.id',
      /nodes\.0\.id is required/,
    ],
    [
      'two nodes with the same id',
      () =>
        upstreamVariables(
          { nodes: [...flow.nodes, { id: 'a', type: 'step', position: { x: 0, y: 0 } }] },
          'a',
          stepCatalog,
        ),
      'nodes.2.id',
      /already the id of another node/,
    ],
    [
      'a catalog that is not an object',
      () => upstreamVariables(flow, 'a', [] as never),
      'catalog',
      /catalog must be an object/,
    ],
    [
      'a catalog entry with an invalid path',
      () => upstreamVariables(flow, 'a', { step: [{ path: '1bad' }] }),
      'catalog.step.0.path',
      /catalog\.step\.0\.path must be a variable path/,
    ],
    [
      'a catalog function that throws',
      () =>
        upstreamVariables(buildFlow('start->b b->a'), 'a', {
          step: () => {
            throw new TypeError('no values');
          },
        }),
      'catalog.step',
      /"step" failed for node b: no values/,
    ],
    [
      'a catalog function that returns something else',
      () => upstreamVariables(buildFlow('start->b b->a'), 'a', { step: () => 'x' as never }),
      'catalog.step(b)',
      /catalog\.step\(b\) must be a list/,
    ],
    [
      'an empty start type',
      () => upstreamVariables(flow, 'a', stepCatalog, { startNodeType: '' }),
      'startNodeType',
      /startNodeType must name a node type/,
    ],
  ])('%s', (_name, call, field, message) => {
    let error: unknown;
    try {
      call();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FlowSmsError);
    expect((error as FlowSmsError).field).toBe(field);
    expect((error as FlowSmsError).message).toMatch(message);
  });
});

describe('analyzeFlow', () => {
  const flow = buildFlow('start->a start->c a->d c->d d->sms1 u->sms2', {
    a: { sets: ['x', 'crm.contact'] },
    c: { sets: ['y', 'crm.contact'] },
    sms1: { type: 'sendSms' },
    sms2: { type: 'sendSms' },
  });
  const analysis = analyzeFlow(flow, stepCatalog);

  it('lists the Send SMS nodes and knows which ones a start reaches', () => {
    expect(analysis.sendSmsNodeIds).toEqual(['sms1', 'sms2']);
    expect(analysis.isReachable('sms1')).toBe(true);
    expect(analysis.isReachable('sms2')).toBe(false);
  });

  it('answers availability per node and path, system variables included', () => {
    expect(analysis.availability('sms1', 'x')).toBe('some-paths');
    expect(analysis.availability('sms1', 'call.caller_number')).toBe('always');
    expect(analysis.availability('sms1', 'unknown')).toBeUndefined();
    expect(analysis.availability('a', 'x')).toBeUndefined();
  });

  it('counts a path as set when a dotted prefix of it is', () => {
    expect(analysis.availability('sms1', 'crm.contact.first_name')).toBe('always');
    expect(analysis.availability('sms1', 'crm')).toBeUndefined();
  });

  it('counts a path as set on every path when each path sets some prefix of it, not always the same', () => {
    const split = analyzeFlow(
      buildFlow('start->a start->c a->d c->d d->sms1 start->e e->sms2', {
        a: { sets: ['crm'] },
        c: { sets: ['crm.contact'] },
        e: { sets: ['crm.other'] },
        sms1: { type: 'sendSms' },
        sms2: { type: 'sendSms' },
      }),
      stepCatalog,
    );
    expect(split.availability('sms1', 'crm.contact.first_name')).toBe('always');
    expect(split.availability('sms1', 'crm.other')).toBe('some-paths');
    expect(split.availability('sms2', 'crm.contact.first_name')).toBeUndefined();
  });

  it('gives the same lists as upstreamVariables', () => {
    for (const id of ['sms1', 'sms2', 'd', 'start']) {
      expect(analysis.variablesAt(id)).toEqual(upstreamVariables(flow, id, stepCatalog));
    }
  });

  it('refuses a node id that is not in the flow', () => {
    expect(() => analysis.availability('zzz', 'x')).toThrow(/nodeId "zzz" is not the id of a node/);
  });

  it('describes variables across the flow, for length estimates', () => {
    const bounded = analyzeFlow(
      buildFlow('start->a start->b', {
        a: { sets: [{ path: 'v', maxLength: 5 }] },
        b: { sets: [{ path: 'v', maxLength: 9 }] },
      }),
      stepCatalog,
    );
    expect(bounded.definitionOf('v')).toEqual({ path: 'v', maxLength: 9 });
    expect(bounded.definitionOf('now.date')).toMatchObject({ maxLength: 10 });
    expect(bounded.definitionOf('nothing')).toBeUndefined();
  });
});

describe('large flows', () => {
  it('a 10,000-node chain where every node sets its own variable', () => {
    const size = 10_000;
    const nodes = Array.from({ length: size }, (_, i) => ({
      id: i === 0 ? 'start' : `n${i}`,
      type: i === 0 ? 'start' : 'step',
      position: { x: 0, y: 0 },
      data: { sets: [`v${i}`] },
    }));
    const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id }));
    const last = nodes[size - 1]!.id;
    const variables: UpstreamVariable[] = upstreamVariables({ nodes, edges }, last, stepCatalog);
    expect(variables.filter((v) => !v.system)).toHaveLength(size - 1);
    expect(variables.every((v) => v.availability === 'always')).toBe(true);
    const analysis = analyzeFlow({ nodes, edges }, stepCatalog);
    expect(analysis.availability(last, 'v0')).toBe('always');
    expect(analysis.availability(last, `v${size - 1}`)).toBeUndefined();
  });

  it('10,000 nodes of diamonds with retry loops', () => {
    // Each block: a fork into two branches that both set `shared` and one sets `left`, a join, and
    // a retry edge from the join back to the fork.
    const nodes: { id: string; type: string; data: Record<string, unknown> }[] = [
      { id: 'start', type: 'start', data: {} },
    ];
    const edges: { id: string; source: string; target: string }[] = [];
    let previous = 'start';
    const blocks = 2_500;
    for (let block = 0; block < blocks; block++) {
      const [fork, left, right, join] = ['fork', 'left', 'right', 'join'].map(
        (part) => `${part}${block}`,
      ) as [string, string, string, string];
      nodes.push(
        { id: fork, type: 'step', data: {} },
        { id: left, type: 'step', data: { sets: [`shared${block}`, `left${block}`] } },
        { id: right, type: 'step', data: { sets: [`shared${block}`] } },
        { id: join, type: 'step', data: {} },
      );
      for (const [source, target] of [
        [previous, fork],
        [fork, left],
        [fork, right],
        [left, join],
        [right, join],
        [join, fork],
      ] as const) {
        edges.push({ id: `e${edges.length}`, source, target });
      }
      previous = join;
    }
    const analysis = analyzeFlow({ nodes, edges }, stepCatalog);
    expect(analysis.availability(previous, 'shared0')).toBe('always');
    expect(analysis.availability(previous, 'left0')).toBe('some-paths');
    const atEnd = upstreamVariables({ nodes, edges }, previous, stepCatalog);
    expect(nodes).toHaveLength(10_001);
    expect(atEnd.filter((v) => !v.system && v.availability === 'always')).toHaveLength(blocks);
    expect(atEnd.filter((v) => v.availability === 'some-paths')).toHaveLength(blocks);
  });
});
