import { describe, expect, it } from 'vitest';
import { nodeData, RECIPIENT } from './support/executor-fakes';
import { createExecutorHarness, nodeContext } from './support/executor-harness';

const setup = () => createExecutorHarness({ pollIntervalMs: 10 });

const context = (runId = 'run-1', recipient = RECIPIENT) => nodeContext({ runId, recipient });

describe('idempotency: (run, node, recipient) sends at most once', () => {
  it('executing again returns the recorded result without sending', async () => {
    const { executor, transport } = setup();
    const first = await executor.execute(nodeData(), context());
    const again = await executor.execute(nodeData(), context());
    expect(transport.sent).toHaveLength(1);
    expect(again).toEqual(first);
  });

  it('the same number written differently is the same recipient', async () => {
    const { executor, transport } = setup();
    await executor.execute(nodeData(), context('run-1', '+1 415 555 0123'));
    await executor.execute(nodeData(), context('run-1', ' +1 (415) 555-0123 '));
    expect(transport.sent).toHaveLength(1);
  });

  it('another run, node or recipient is another message', async () => {
    const { executor, transport } = setup();
    await executor.execute(nodeData(), context('run-1'));
    await executor.execute(nodeData(), context('run-2'));
    await executor.execute(nodeData(), { ...context('run-1'), nodeId: 'sms-2' });
    await executor.execute(nodeData(), context('run-1', '+14155550124'));
    expect(transport.sent).toHaveLength(4);
  });

  it("refuses a run id already used in another environment instead of reporting that environment's send", async () => {
    const sandbox = setup();
    await sandbox.executor.execute(nodeData(), context('demo'));
    const live = createExecutorHarness({ store: sandbox.store, environment: 'live', pollIntervalMs: 10 });
    await expect(live.executor.execute(nodeData(), context('demo'))).rejects.toThrow(
      'Run id "demo" already ran node "sms-1" for this recipient in the sandbox environment; this executor sends in live. Give this run its own run id.',
    );
    await expect(live.executor.enqueue(nodeData(), context('demo'))).rejects.toThrow(/its own run id/);
    expect(live.transport.sent).toHaveLength(0);
    expect((await live.executor.execute(nodeData(), context('demo-live'))).branch).toBe('sent');
  });

  it('concurrent executions of one node send once and agree on the result', async () => {
    const { executor, transport } = setup();
    const results = await Promise.all([1, 2, 3].map(() => executor.execute(nodeData(), context())));
    expect(transport.sent).toHaveLength(1);
    expect(new Set(results.map((r) => r.message?.sid)).size).toBe(1);
    expect(results.every((r) => r.branch === 'sent')).toBe(true);
  });

  it('replays failures too: a failed node is not retried by running it again', async () => {
    const { executor, transport } = setup();
    const first = await executor.execute(nodeData(), context('run-1', 'nobody'));
    const again = await executor.execute(nodeData(), context('run-1', 'nobody'));
    expect(first.branch).toBe('failed');
    expect(again).toEqual(first);
    expect(transport.sent).toHaveLength(0);
  });

  it('enqueue twice leaves one outbox entry', async () => {
    const { executor } = setup();
    const a = await executor.enqueue(nodeData(), context());
    const b = await executor.enqueue(nodeData(), context());
    expect(a).toMatchObject({ status: 'queued' });
    expect(b).toEqual(a);
    expect((await executor.outbox.counts()).queued).toBe(1);
  });
});
