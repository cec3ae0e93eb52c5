import { render } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import manifestJson from '../../plugin-manifest.json' with { type: 'json' };
import { FlowSmsError, pluginManifestSchema, safeParseSendSmsNodeData } from '../../src/core';
import { memoryTemplateStorage, SendSmsNode } from '../../src/editor';
import { createSendSmsPlugin } from '../../src/plugin';
import { catalog, flowAround, LIVE_SENDER, smsNode } from './plugin-harness';

const options = () => ({ catalog, environment: 'live' as const, templateStorage: memoryTemplateStorage() });

describe('createSendSmsPlugin', () => {
  it('returns the manifest, node types, a palette item, Provider, Inspector, validate and the store', () => {
    const plugin = createSendSmsPlugin(options());
    expect(plugin.manifest).toEqual(manifestJson);
    expect(pluginManifestSchema.safeParse(plugin.manifest).success).toBe(true);
    expect(plugin.nodeTypes).toEqual({ sendSms: SendSmsNode });
    expect(plugin.paletteItems).toEqual([
      {
        type: 'sendSms',
        label: 'Send SMS',
        description: expect.any(String),
        createData: expect.any(Function),
      },
    ]);
    expect(typeof plugin.Provider).toBe('function');
    expect(typeof plugin.Inspector).toBe('function');
    expect(plugin.store.getState().settings.environment).toBe('live');
  });

  it('hands out the same nodeTypes object every time, so React Flow never remounts the nodes', () => {
    expect(createSendSmsPlugin(options()).nodeTypes).toBe(createSendSmsPlugin(options()).nodeTypes);
  });

  it('creates new node data that asks for consent and waits for a message', () => {
    const data = createSendSmsPlugin(options()).paletteItems[0]!.createData();
    expect(data).toMatchObject({ message: { body: '' }, consent: { mode: 'ask' } });
    const parsed = safeParseSendSmsNodeData(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/message/);
    const withText = safeParseSendSmsNodeData({ ...data, message: { body: 'Here is your link' } });
    expect(withText.ok).toBe(true);
  });

  it('validates a flow with its own templates and settings', () => {
    const plugin = createSendSmsPlugin({ ...options(), defaultSenders: { live: LIVE_SENDER } });
    const flow = flowAround(
      smsNode('sms', { message: { templateId: 'nope' }, consent: { mode: 'not-required', reason: 'r' } }),
    );
    expect(plugin.validate(flow).map((d) => d.code)).toContain('unknown-template');
    plugin.store
      .getState()
      .createTemplate({ id: 'nope', title: 'Now it exists', body: 'Hi', senders: { live: LIVE_SENDER } });
    expect(plugin.validate(flow).map((d) => d.code)).not.toContain('unknown-template');
  });

  it.each([
    [{ environment: 'production' }, /environment/],
    [{ catalog: 'start' }, /catalog must be an object mapping node types/],
    [{ catalog: { lookup: [{ path: 'not a path!' }] } }, /catalog\.lookup\.0\.path/],
    [{ templateStorage: { load() {} } }, /templateStorage must be an object with load\(\) and save\(\)/],
    [{ defaultSenders: { live: '0800 123' } }, /defaultSenders\.live/],
    [{ sampleValues: { name: 3 } }, /sampleValues\.name/],
  ])('refuses bad options %j with an error naming the field', (override, message) => {
    const attempt = () => createSendSmsPlugin({ ...options(), ...(override as object) } as never);
    expect(attempt).toThrow(FlowSmsError);
    expect(attempt).toThrow(message);
  });

  it('refuses a missing options object', () => {
    expect(() => createSendSmsPlugin(undefined as never)).toThrow(/createSendSmsPlugin options/);
  });
});

describe('components outside the plugin Provider', () => {
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it('the inspector fails with an error that says which provider is missing', () => {
    const plugin = createSendSmsPlugin(options());
    expect(() =>
      render(
        <ReactFlowProvider>
          <plugin.Inspector nodeId="sms" />
        </ReactFlowProvider>,
      ),
    ).toThrow(/must be rendered inside the plugin Provider \(createSendSmsPlugin\(\)\.Provider\)/);
  });

  it('the canvas node fails the same way', () => {
    const plugin = createSendSmsPlugin(options());
    const nodes = [
      smsNode('sms', { message: { body: 'Hi' }, consent: { mode: 'not-required', reason: 'r' } }),
    ];
    expect(() =>
      render(
        <ReactFlowProvider>
          <div style={{ width: 500, height: 400 }}>
            <ReactFlow defaultNodes={nodes} nodeTypes={plugin.nodeTypes} />
          </div>
        </ReactFlowProvider>,
      ),
    ).toThrow(FlowSmsError);
  });
});
