import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { OPT_OUT_FOOTER } from '../../src/core/schemas/send-sms-node';
import { createSendSmsExecutor } from '../../src/executor/executor';
import { openStore } from '../../src/executor/store';
import {
  createFakeTransport,
  LIVE_SENDER,
  nodeData,
  RECIPIENT,
  SANDBOX_SENDER,
} from './support/executor-fakes';
import { createExecutorHarness, type ExecutorHarnessOptions, nodeContext } from './support/executor-harness';

const setup = (options: ExecutorHarnessOptions = {}) =>
  createExecutorHarness({ defaultSenders: { sandbox: SANDBOX_SENDER, live: LIVE_SENDER }, ...options });

const context = (variables: Record<string, unknown> = {}, runId = 'run-1') =>
  nodeContext({ runId, variables: { caller: { first_name: 'Ada' }, ...variables } });

describe('Send SMS executor: branches in order', () => {
  it('sends the rendered template from the environment sender and reports it', async () => {
    const { executor, transport, store } = setup();
    const result = await executor.execute(nodeData(), context());
    expect(result.branch).toBe('sent');
    expect(result.error).toBeUndefined();
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]).toMatchObject({
      to: RECIPIENT,
      from: SANDBOX_SENDER,
      body: 'Hi Ada, your appointment is on Monday 3 March.',
    });
    expect(result.message).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      to: RECIPIENT,
      from: SANDBOX_SENDER,
      body: 'Hi Ada, your appointment is on Monday 3 March.',
      segments: 1,
      encoding: 'GSM-7',
      status: 'queued',
    });
    const logged = store.messageById(result.message?.id as string);
    expect(logged).toMatchObject({ outcome: 'sent', sid: result.message?.sid, environment: 'sandbox' });
  });

  it('declined consent ends the node before anything else is checked', async () => {
    const { executor, transport, store } = setup();
    const result = await executor.execute(
      nodeData({
        consent: { mode: 'variable', path: 'consent.sms' },
        to: { kind: 'fixed', value: 'not a number' },
      }),
      context({ consent: { sms: 'no' } }),
    );
    expect(result.branch).toBe('declined');
    expect(transport.sent).toHaveLength(0);
    expect(store.recentMessages(1)[0]).toMatchObject({
      outcome: 'declined',
      consent: { mode: 'variable', path: 'consent.sms', value: 'no' },
    });
  });

  it('an invalid recipient fails, saying what was given', async () => {
    const { executor, transport } = setup();
    const result = await executor.execute(nodeData(), context({ call: { caller_number: '555-CALL-NOW' } }));
    expect(result.branch).toBe('failed');
    expect(result.error?.code).toBe('invalid_recipient');
    expect(result.error?.message).toContain('"555-CALL-NOW"');
    expect(result.error?.message).toContain('call.caller_number');
    expect(transport.sent).toHaveLength(0);
  });

  it('a missing recipient fails naming the variable; callerNumber fills the default recipient', async () => {
    const { executor } = setup();
    const missing = await executor.execute(nodeData(), { runId: 'r', nodeId: 'n', variables: {} });
    expect(missing.error?.message).toMatch(/variable call\.caller_number has no value/);
    const fromCall = await executor.execute(nodeData(), {
      runId: 'r2',
      nodeId: 'n',
      variables: {},
      callerNumber: '+1 (415) 555-0123',
    });
    expect(fromCall).toMatchObject({ branch: 'sent', message: { to: RECIPIENT } });
  });

  it('missing inputs without fallback fail, naming each of them', async () => {
    const { executor, transport } = setup();
    const result = await executor.execute(
      nodeData({
        message: { body: 'Hi {{first_name}}, code {{code}} for {{place}}' },
        inputs: { first_name: { kind: 'variable', path: 'caller.first_name' } },
      }),
      context({ caller: {} }),
    );
    expect(result.branch).toBe('failed');
    expect(result.error?.code).toBe('missing_inputs');
    expect(result.error?.message).toMatch(/first_name, code, place/);
    expect(transport.sent).toHaveLength(0);
  });

  it('uses fallbacks, same-name variables and the opt-out footer', async () => {
    const { executor, transport } = setup();
    const result = await executor.execute(
      nodeData({ message: { body: 'Hi {{first_name}}, ref {{ref}}' }, optOutFooter: true }),
      context({ caller: { first_name: '' }, ref: 42 }),
    );
    expect(result.branch).toBe('sent');
    expect(transport.sent[0]?.body).toBe(`Hi there, ref 42\n${OPT_OUT_FOOTER}`);
  });

  it('an opted-out recipient is not texted, and the attempt is recorded', async () => {
    const { executor, transport, store, clock } = setup();
    store.recordOptOut('sandbox', RECIPIENT, SANDBOX_SENDER, clock.now(), 'inbound:STOP');
    const result = await executor.execute(nodeData(), context());
    expect(result.branch).toBe('opted_out');
    expect(result.error?.code).toBe('opted_out');
    expect(transport.sent).toHaveLength(0);
    expect(store.recentMessages(1)[0]).toMatchObject({
      outcome: 'opted_out',
      status: 'not_sent',
      body: expect.any(String),
    });
  });

  it('an opt-out in the sandbox does not touch live', async () => {
    const { executor, store, clock } = setup({ environment: 'live' });
    store.recordOptOut('sandbox', RECIPIENT, LIVE_SENDER, clock.now(), 'playground');
    const result = await executor.execute(nodeData(), context());
    expect(result).toMatchObject({ branch: 'sent', message: { from: LIVE_SENDER } });
  });

  it('never falls back to the live sender outside live', async () => {
    const { executor, transport } = setup({ environment: 'pre-release' });
    const result = await executor.execute(nodeData(), context());
    expect(result.branch).toBe('failed');
    expect(result.error).toMatchObject({
      code: 'no_sender',
      message: expect.stringContaining('pre-release'),
    });
    expect(transport.sent).toHaveLength(0);
  });

  it('an unknown template fails with a clear error', async () => {
    const { executor } = setup();
    const result = await executor.execute(nodeData({ message: { templateId: 'gone' } }), context());
    expect(result.error).toMatchObject({
      code: 'unknown_template',
      message: expect.stringContaining('"gone"'),
    });
  });

  it('asks Twilio for status callbacks when a public base URL is configured', async () => {
    const { executor, transport } = setup({ statusCallbackBaseUrl: 'https://hooks.example.com/' });
    const result = await executor.execute(nodeData(), context());
    expect(transport.sent[0]?.statusCallback).toBe(
      `https://hooks.example.com/webhooks/twilio/status?outboxId=${result.message?.id}`,
    );
  });

  it.each([
    ['localhost:8080', /statusCallbackBaseUrl must be the absolute http\(s\) URL/],
    ['https://hooks.example.com?v=1', /statusCallbackBaseUrl must not have a query or fragment/],
    [
      'https://hooks.example.com/webhooks/twilio/status',
      /statusCallbackBaseUrl is the server's base URL, without/,
    ],
  ])(
    'refuses a status callback base %j that would give callbacks the server never answers',
    (url, message) => {
      expect(() => setup({ statusCallbackBaseUrl: url })).toThrow(message);
    },
  );

  it('accepts version 1 node data through core migration, and rejects malformed data', async () => {
    const { executor } = setup();
    const v1 = await executor.execute(
      { version: 1, text: 'Hello {{name}}', variables: { name: 'caller.first_name' } },
      context(),
    );
    expect(v1).toMatchObject({ branch: 'sent', message: { body: 'Hello Ada' } });
    await expect(executor.execute({ message: {} }, context())).rejects.toThrow(FlowSmsError);
    await expect(executor.execute(nodeData(), { runId: '', nodeId: 'n' })).rejects.toThrow(/runId/);
  });

  it('refuses options it cannot work with, naming them', () => {
    expect(() => createSendSmsExecutor({ environment: 'live' } as never)).toThrow(/transport/);
    expect(() =>
      createSendSmsExecutor({
        transport: createFakeTransport(),
        store: openStore({ path: ':memory:' }),
        environment: 'staging' as never,
      }),
    ).toThrow(/environment/);
  });

  it('refuses a misspelt option instead of leaving its feature off', () => {
    // statusCallbackUrl for statusCallbackBaseUrl: no message would ask Twilio for status callbacks.
    expect(() =>
      createSendSmsExecutor({
        transport: createFakeTransport(),
        store: openStore({ path: ':memory:' }),
        environment: 'sandbox',
        statusCallbackUrl: 'https://hooks.example.com',
      } as never),
    ).toThrow(
      /unknown option "statusCallbackUrl"; the options are transport, store, .*statusCallbackBaseUrl/,
    );
  });
});
