// A host that registers the node under a name of its own ({ sms: plugin.nodeTypes.sendSms }).
import { render, screen } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { memoryTemplateStorage } from '../../src/editor';
import { createSendSmsPlugin } from '../../src/plugin';
import { catalog, flowAround, SANDBOX_SENDER, smsNode } from './plugin-harness';

describe('a Send SMS node registered under another type name', () => {
  it('says on the node and in the inspector that flows will not run it, and what type to use', async () => {
    const plugin = createSendSmsPlugin({
      catalog,
      environment: 'sandbox',
      defaultSenders: { sandbox: SANDBOX_SENDER },
      templateStorage: memoryTemplateStorage(),
    });
    const nodeTypes = { sms: plugin.nodeTypes.sendSms };
    const flow = flowAround({
      ...smsNode('text-me', { message: { body: '' }, consent: { mode: 'ask', question: 'May I?' } }),
      type: 'sms',
    });
    render(
      <ReactFlowProvider>
        <plugin.Provider>
          <div style={{ width: 800, height: 600 }}>
            <ReactFlow defaultNodes={flow.nodes} defaultEdges={flow.edges} nodeTypes={nodeTypes} />
          </div>
          <plugin.Inspector nodeId="text-me" />
        </plugin.Provider>
      </ReactFlowProvider>,
    );
    // Core, validate() and the executor only know "sendSms": this node would be skipped without a word.
    expect(plugin.validate(flow)).toEqual([]);
    const node = await screen.findByTestId('send-sms-node-text-me');
    expect(node).toHaveTextContent(
      /Its type is “sms”, so flows do not run it as Send SMS: give it type “sendSms”/,
    );
    expect(screen.getByRole('region', { name: 'Send SMS settings' })).toHaveTextContent(
      'Node text-me is not a Send SMS node. Its type is "sms"; Send SMS nodes have type "sendSms".',
    );
  });

  it('shows nothing of the kind for a node registered as the plugin names it', async () => {
    const plugin = createSendSmsPlugin({
      catalog,
      environment: 'sandbox',
      templateStorage: memoryTemplateStorage(),
    });
    const flow = flowAround(
      smsNode('text-me', { message: { body: 'Hi' }, consent: { mode: 'ask', question: 'May I?' } }),
    );
    render(
      <ReactFlowProvider>
        <plugin.Provider>
          <div style={{ width: 800, height: 600 }}>
            <ReactFlow defaultNodes={flow.nodes} defaultEdges={flow.edges} nodeTypes={plugin.nodeTypes} />
          </div>
        </plugin.Provider>
      </ReactFlowProvider>,
    );
    expect(await screen.findByTestId('send-sms-node-text-me')).not.toHaveTextContent(/not run/);
  });
});
