// Two canvases on one page (or two tabs) keep templates in the same localStorage key by default.
import { act, render, waitFor } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { DEFAULT_TEMPLATE_STORAGE_KEY } from '../../src/editor';
import { createSendSmsPlugin, type SendSmsPlugin } from '../../src/plugin';
import { bookingTemplate, catalog, LIVE_SENDER, SANDBOX_SENDER } from './plugin-harness';

const senders = { live: LIVE_SENDER, sandbox: SANDBOX_SENDER };
const stored = () =>
  JSON.parse(localStorage.getItem(DEFAULT_TEMPLATE_STORAGE_KEY) ?? '[]') as { title: string }[];
const titles = (plugin: SendSmsPlugin) => plugin.store.getState().templates.map((t) => t.title);

function Canvas({ plugin }: { plugin: SendSmsPlugin }) {
  return (
    <ReactFlowProvider>
      <plugin.Provider>
        <div style={{ width: 400, height: 300 }}>
          <ReactFlow defaultNodes={[]} defaultEdges={[]} nodeTypes={plugin.nodeTypes} />
        </div>
      </plugin.Provider>
    </ReactFlowProvider>
  );
}

beforeEach(() => localStorage.clear());

describe('two plugins on one page with the default template storage', () => {
  it('a template made on one canvas is neither lost nor hidden when the other canvas saves', async () => {
    localStorage.setItem(DEFAULT_TEMPLATE_STORAGE_KEY, JSON.stringify([bookingTemplate]));
    const first = createSendSmsPlugin({ catalog, environment: 'sandbox' });
    const second = createSendSmsPlugin({ catalog, environment: 'sandbox' });
    const view = render(
      <>
        <Canvas plugin={first} />
        <Canvas plugin={second} />
      </>,
    );
    await act(async () => {
      expect(
        first.store.getState().createTemplate({ title: 'From the first', body: 'One', senders }).ok,
      ).toBe(true);
    });
    // The second canvas's picker offers it too, and its own new template keeps the first one's.
    await waitFor(() => expect(titles(second)).toContain('From the first'));
    await act(async () => {
      expect(
        second.store.getState().createTemplate({ title: 'From the second', body: 'Two', senders }).ok,
      ).toBe(true);
    });
    await waitFor(() =>
      expect(stored().map((t) => t.title)).toEqual([
        'Booking confirmed',
        'From the first',
        'From the second',
      ]),
    );
    await waitFor(() =>
      expect(titles(first)).toEqual(['Booking confirmed', 'From the first', 'From the second']),
    );
    view.unmount();
  });

  it('follows a change another tab saved, and stops listening once the canvas is gone', async () => {
    const plugin = createSendSmsPlugin({ catalog, environment: 'sandbox' });
    const view = render(<Canvas plugin={plugin} />);
    const otherTab = [{ ...bookingTemplate, title: 'Saved in another tab' }];
    const announce = () => {
      localStorage.setItem(DEFAULT_TEMPLATE_STORAGE_KEY, JSON.stringify(otherTab));
      window.dispatchEvent(
        new StorageEvent('storage', { key: DEFAULT_TEMPLATE_STORAGE_KEY, storageArea: localStorage }),
      );
    };
    await act(async () => announce());
    await waitFor(() => expect(titles(plugin)).toEqual(['Saved in another tab']));
    view.unmount();
    otherTab[0] = { ...bookingTemplate, title: 'Changed while no canvas was open' };
    await act(async () => announce());
    await act(async () => {});
    expect(titles(plugin)).toEqual(['Saved in another tab']);
  });
});
