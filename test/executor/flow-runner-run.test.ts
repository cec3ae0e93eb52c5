import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { SEND_SMS_OUTPUT_VARIABLES } from '../../src/core/flow';
import type { FlowFileInput } from '../../src/core/schemas/flow';
import type { SendSmsBranch } from '../../src/core/schemas/send-sms-node';
import { runFlow, type SendSmsNodeRunner } from '../../src/executor/flow-runner';

type ExecuteContext = Parameters<SendSmsNodeRunner['execute']>[1];

/** What the fake executor reports for a message it sent. */
const SENT_MESSAGE = {
  sid: 'SM0123',
  to: '+14155550123',
  from: '+15005550006',
  body: 'Hi',
  segments: 1,
  status: 'queued',
};

/** An executor that answers with a chosen branch and remembers what each call was given. */
function fakeExecutor(branch: SendSmsBranch | ((nodeId: string) => SendSmsBranch)) {
  const calls: { nodeId: string; context: ExecuteContext; body: unknown }[] = [];
  const executor: SendSmsNodeRunner = {
    async execute(data, context) {
      calls.push({ nodeId: context.nodeId, context: structuredClone(context), body: data.message });
      const chosen = typeof branch === 'function' ? branch(context.nodeId) : branch;
      if (chosen === 'sent') {
        return { branch: chosen, message: { ...SENT_MESSAGE } };
      }
      if (chosen === 'failed')
        return { branch: chosen, error: { code: 21211, message: 'Invalid To', hint: 'fix it' } };
      return { branch: chosen };
    },
  };
  return { executor, calls };
}

const sms = (id: string) => ({
  id,
  type: 'sendSms',
  position: { x: 0, y: 0 },
  data: {
    message: { body: 'Hi {{first_name}}' },
    inputs: { first_name: { kind: 'variable', path: 'first_name' } },
    consent: { mode: 'ask', question: 'May I text you?' },
  },
});
const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data,
});
const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${sourceHandle ?? 'out'}-${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

const branchingFlow: FlowFileInput = {
  nodes: [
    node('start', 'start'),
    node('vars', 'setVariables', { values: { first_name: 'Ana', 'booking.code': 'X1' } }),
    sms('sms'),
    node('end-sent', 'end'),
    node('end-declined', 'end'),
    node('end-opted', 'end'),
    node('end-failed', 'end'),
  ],
  edges: [
    edge('start', 'vars'),
    edge('vars', 'sms'),
    edge('sms', 'end-sent', 'sent'),
    edge('sms', 'end-declined', 'declined'),
    edge('sms', 'end-opted', 'opted_out'),
    edge('sms', 'end-failed', 'failed'),
  ],
};

describe('runFlow', () => {
  it.each([
    ['sent', 'end-sent'],
    ['declined', 'end-declined'],
    ['opted_out', 'end-opted'],
    ['failed', 'end-failed'],
  ] as const)('follows the %s handle to %s', async (branch, end) => {
    const { executor } = fakeExecutor(branch);
    const result = await runFlow(branchingFlow, { executor, runId: 'run-1', callerNumber: '+14155550123' });
    expect(result.runId).toBe('run-1');
    expect(result.steps.map((s) => s.nodeId)).toEqual(['start', 'vars', 'sms', end]);
    expect(result.steps[2]?.branch).toBe(branch);
  });

  it('reports the message of a sent step and the error of a failed one', async () => {
    const sent = await runFlow(branchingFlow, { executor: fakeExecutor('sent').executor });
    expect(sent.steps[2]).toEqual({
      nodeId: 'sms',
      type: 'sendSms',
      branch: 'sent',
      message: SENT_MESSAGE,
    });
    const failed = await runFlow(branchingFlow, { executor: fakeExecutor('failed').executor });
    expect(failed.steps[2]?.error).toEqual({ code: '21211', message: 'Invalid To', hint: 'fix it' });
    expect(failed.steps[2]?.message).toBeUndefined();
  });

  it('gives the executor the variables set upstream and the caller number, without touching the caller’s object', async () => {
    const { executor, calls } = fakeExecutor('sent');
    const variables = { first_name: 'Bo', account: { tier: 'gold' } };
    const now = new Date(2030, 0, 2, 9, 5);
    await runFlow(branchingFlow, {
      executor,
      variables,
      callerNumber: '+14155550123',
      runId: 'r',
      now: () => now,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.context).toEqual({
      runId: 'r',
      nodeId: 'sms',
      callerNumber: '+14155550123',
      variables: {
        first_name: 'Ana',
        booking: { code: 'X1' },
        account: { tier: 'gold' },
        call: { caller_number: '+14155550123' },
        now: { date: '2030-01-02', time: '09:05', iso: now.toISOString() },
      },
    });
    expect(variables).toEqual({ first_name: 'Bo', account: { tier: 'gold' } });
  });

  it('keeps now.* values the host passes in', async () => {
    const { executor, calls } = fakeExecutor('sent');
    await runFlow(branchingFlow, { executor, variables: { now: { date: 'someday' } } });
    expect(calls[0]?.context.variables.now).toMatchObject({
      date: 'someday',
      time: expect.stringMatching(/^\d\d:\d\d$/),
    });
  });

  it('gives the nodes after a Send SMS node its sid, status and segments (core SEND_SMS_OUTPUT_VARIABLES)', async () => {
    const flow: FlowFileInput = {
      nodes: [node('start', 'start'), sms('first'), sms('second')],
      edges: [edge('start', 'first'), edge('first', 'second', 'sent')],
    };
    const { executor, calls } = fakeExecutor('sent');
    await runFlow(flow, { executor });
    const seen = calls[1]?.context.variables as Record<string, unknown>;
    for (const { path } of SEND_SMS_OUTPUT_VARIABLES) {
      expect(
        path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], seen),
      ).toBeDefined();
    }
    expect(seen.sms).toEqual({ sid: 'SM0123', status: 'queued', segments: 1 });
    expect(calls[0]?.context.variables.sms).toBeUndefined();
  });

  it.each<[SendSmsBranch, Awaited<ReturnType<SendSmsNodeRunner['execute']>>]>([
    ['declined', { branch: 'declined' }],
    ['opted_out', { branch: 'opted_out' }],
    // A message Twilio refused still has a record, but no message went out.
    [
      'failed',
      { branch: 'failed', message: { ...SENT_MESSAGE, sid: null, status: 'failed' }, error: 'Invalid To' },
    ],
  ])(
    "clears sms.* after a node that took %s, so the next node never sees an earlier node's message",
    async (branch, result) => {
      const flow: FlowFileInput = {
        nodes: [node('start', 'start'), sms('first'), sms('second'), sms('third')],
        edges: [edge('start', 'first'), edge('first', 'second', 'sent'), edge('second', 'third', branch)],
      };
      const seen: Record<string, unknown>[] = [];
      const executor: SendSmsNodeRunner = {
        async execute(_data, context) {
          seen.push(structuredClone(context.variables));
          return context.nodeId === 'second' ? result : { branch: 'sent', message: { ...SENT_MESSAGE } };
        },
      };
      await runFlow(flow, { executor, variables: { sms: { campaign: 'spring' } } });
      expect(seen).toHaveLength(3);
      expect(seen[1]?.sms).toEqual({ campaign: 'spring', sid: 'SM0123', status: 'queued', segments: 1 });
      // The host's own sms.* names are not the node's to clear.
      expect(seen[2]?.sms).toEqual({ campaign: 'spring' });
    },
  );

  it('takes the caller number from call.caller_number when none is given', async () => {
    const { executor, calls } = fakeExecutor('sent');
    await runFlow(branchingFlow, { executor, variables: { call: { caller_number: '+447700900123' } } });
    expect(calls[0]?.context.callerNumber).toBe('+447700900123');
  });

  it('stops where no edge continues from the branch taken', async () => {
    const flow = {
      ...branchingFlow,
      edges: branchingFlow.edges?.filter((e) => e.sourceHandle !== 'declined'),
    };
    const result = await runFlow(flow, { executor: fakeExecutor('declined').executor });
    expect(result.steps.map((s) => s.nodeId)).toEqual(['start', 'vars', 'sms']);
  });

  it('passes through node types it does not know when they have one way out', async () => {
    const flow: FlowFileInput = {
      nodes: [
        node('start', 'start'),
        node('say', 'speak', { text: 'hello' }),
        sms('sms'),
        node('end', 'end'),
      ],
      edges: [edge('start', 'say'), edge('say', 'sms'), edge('sms', 'end', 'sent')],
    };
    const result = await runFlow(flow, { executor: fakeExecutor('sent').executor });
    expect(result.steps.map((s) => `${s.nodeId}:${s.type}`)).toEqual([
      'start:start',
      'say:speak',
      'sms:sendSms',
      'end:end',
    ]);
  });

  it('stops with an error at a foreign node that branches', async () => {
    const flow: FlowFileInput = {
      nodes: [node('start', 'start'), node('if', 'condition'), node('a', 'end'), node('b', 'end')],
      edges: [edge('start', 'if'), edge('if', 'a', 'true'), edge('if', 'b', 'false')],
    };
    const result = await runFlow(flow, { executor: fakeExecutor('sent').executor });
    expect(result.steps.map((s) => s.nodeId)).toEqual(['start', 'if']);
    expect(result.steps[1]?.error?.code).toBe('ambiguous_branch');
  });

  it('ends a looping flow after maxSteps with a clear error, keeping the steps taken', async () => {
    const flow: FlowFileInput = {
      nodes: [node('start', 'start'), sms('again')],
      edges: [edge('start', 'again'), edge('again', 'again', 'sent')],
    };
    const { executor, calls } = fakeExecutor('sent');
    const result = await runFlow(flow, { executor, maxSteps: 5 });
    expect(calls).toHaveLength(4);
    expect(result.steps).toHaveLength(6);
    expect(result.steps.at(-1)?.error?.code).toBe('max_steps');
    expect(result.steps.at(-1)?.error?.message).toMatch(
      /^Not run: .*5 steps .* loops.*--max-steps for flow-sms run/,
    );
  });

  it('a Send SMS node branch decided per node leads each node its own way', async () => {
    const flow: FlowFileInput = {
      nodes: [
        node('start', 'start'),
        sms('first'),
        sms('second'),
        node('done', 'end'),
        node('gave-up', 'end'),
      ],
      edges: [
        edge('start', 'first'),
        edge('first', 'second', 'failed'),
        edge('first', 'done', 'sent'),
        edge('second', 'done', 'sent'),
        edge('second', 'gave-up', 'failed'),
      ],
    };
    const { executor } = fakeExecutor((id) => (id === 'first' ? 'failed' : 'sent'));
    const result = await runFlow(flow, { executor });
    expect(result.steps.map((s) => `${s.nodeId}:${s.branch ?? '-'}`)).toEqual([
      'start:-',
      'first:failed',
      'second:sent',
      'done:-',
    ]);
  });
});

describe('runFlow refuses a bad flow before running anything', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', 'nope', '', /flow file/],
    ['nodes missing', { edges: [] }, 'nodes', /nodes is required/],
    ['no start node', { nodes: [node('a', 'end')], edges: [] }, 'nodes', /no node of type "start"/],
    [
      'two start nodes',
      { nodes: [node('a', 'start'), node('b', 'start')], edges: [] },
      'nodes',
      /2 nodes of type "start" \(a, b\)/,
    ],
    ['duplicate ids', { nodes: [node('a', 'start'), node('a', 'end')] }, 'nodes.1.id', /used by two nodes/],
    [
      'edge to nowhere',
      { nodes: [node('a', 'start')], edges: [edge('a', 'ghost')] },
      'edges.0.target',
      /"ghost" is not the id of any node/,
    ],
    [
      'Send SMS node without consent',
      { nodes: [node('start', 'start'), node('sms', 'sendSms', { message: { body: 'Hi' } })] },
      'nodes.1.data.consent',
      /nodes\.1\.data\.consent .*Send SMS node "sms"/,
    ],
    [
      'Set variables with a bad name',
      { nodes: [node('start', 'start'), node('v', 'setVariables', { values: { 'first name': 'Ana' } })] },
      'nodes.1.data.values.first name',
      /not a variable path/,
    ],
    [
      'Set variables reaching into the prototype',
      { nodes: [node('start', 'start'), node('v', 'setVariables', { values: { 'a.__proto__': 'x' } })] },
      'nodes.1.data.values.a.__proto__',
      /reserved name/,
    ],
    [
      'Set variables values not an object',
      { nodes: [node('start', 'start'), node('v', 'setVariables', { values: ['a'] })] },
      'nodes.1.data.values',
      /name: value pairs/,
    ],
  ];
  it.each(cases)('%s', async (_name, flow, field, message) => {
    const { executor, calls } = fakeExecutor('sent');
    const error = await runFlow(flow, { executor }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowSmsError);
    expect((error as FlowSmsError).field ?? '').toBe(field);
    expect((error as FlowSmsError).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('refuses options without an executor or with a bad maxSteps', async () => {
    await expect(runFlow(branchingFlow, { executor: {} as SendSmsNodeRunner })).rejects.toThrow(/executor/);
    await expect(
      runFlow(branchingFlow, { executor: fakeExecutor('sent').executor, maxSteps: 0 }),
    ).rejects.toThrow(/maxSteps must be at least 1/);
  });
});
