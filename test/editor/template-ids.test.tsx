import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Node } from '@xyflow/react';
import type { SmsTemplate } from '../../src/core';
import { createEditorStore, memoryTemplateStorage, type TemplateResult } from '../../src/editor';
import { catalog, flowAround, LIVE_SENDER, renderCanvas, SANDBOX_SENDER, smsNode } from './plugin-harness';

// A template id is what nodes store: handing a deleted template's id to a new template would
// silently re-link every node that still names it (new text, new senders, and no problem badge).

const reminder: SmsTemplate = {
  id: 'reminder',
  title: 'Reminder',
  body: 'See you at 10.',
  senders: { live: LIVE_SENDER },
};
// The same title, but another message from another sender: nodes must not pick it up unasked.
const newReminder = { title: 'Reminder', body: 'Your card was charged.', senders: { live: SANDBOX_SENDER } };
const notRequired = { mode: 'not-required', reason: 'r' } as const;

/** start -> lookup -> a, b: both nodes use the template `templateId`. */
function canvasUsing(templateId: string, templates: SmsTemplate[], inspect?: string) {
  const graph = flowAround(smsNode('a', { message: { templateId }, consent: notRequired }));
  graph.nodes.push(smsNode('b', { message: { templateId }, consent: notRequired }, 700));
  graph.edges.push({ id: 'e-b', source: 'lookup', target: 'b' });
  return renderCanvas({ ...graph, templates, ...(inspect ? { inspect } : {}) });
}

type Canvas = ReturnType<typeof canvasUsing>;
const codes = ({ plugin }: Canvas, nodeId: string) =>
  (plugin.store.getState().diagnostics[nodeId] ?? []).map((d) => d.code);
const templateIdOf = ({ flow }: Canvas, nodeId: string) =>
  (flow().getNode(nodeId)?.data as { message?: { templateId?: string } } | undefined)?.message?.templateId;

describe('a new template never takes an id nodes still name', () => {
  it('after a delete, a new template with the same title gets the next slug and the nodes keep their problem', async () => {
    const canvas = canvasUsing('reminder', [reminder]);
    const { store } = canvas.plugin;
    await waitFor(() => expect(store.getState().diagnostics.a).toBeDefined());
    expect(codes(canvas, 'a')).not.toContain('unknown-template');

    act(() => void store.getState().deleteTemplate('reminder'));
    expect(codes(canvas, 'a')).toContain('unknown-template');

    let created: TemplateResult | undefined;
    // act() runs the deferred analysis of the new library before it returns.
    act(() => {
      created = store.getState().createTemplate(newReminder);
    });
    expect(created).toMatchObject({ ok: true, template: { id: 'reminder-2', title: 'Reminder' } });
    expect(templateIdOf(canvas, 'a')).toBe('reminder');
    expect(codes(canvas, 'a')).toContain('unknown-template');
    expect(codes(canvas, 'b')).toContain('unknown-template');
  });

  it('gives a title whose slug no node names the plain slug', async () => {
    const canvas = canvasUsing('reminder', [reminder]);
    const { store } = canvas.plugin;
    await waitFor(() => expect(store.getState().diagnostics.a).toBeDefined());
    act(() => void store.getState().deleteTemplate('reminder'));
    const result = store.getState().createTemplate({ ...newReminder, title: 'Running late' });
    expect(result).toMatchObject({ ok: true, template: { id: 'running-late' } });
  });

  it('skips an id that nodes name although the library never had it, until no node names it', async () => {
    // A flow opened without its templates: the nodes name `reminder`, the library is empty.
    const canvas = canvasUsing('reminder', []);
    const { store } = canvas.plugin;
    await waitFor(() => expect(codes(canvas, 'a')).toContain('unknown-template'));
    expect(store.getState().createTemplate(newReminder)).toMatchObject({
      ok: true,
      template: { id: 'reminder-2' },
    });
    act(() => void store.getState().deleteTemplate('reminder-2'));

    // Once no node names it (and no template of this session had it), the id is free again.
    act(() => {
      canvas.flow().updateNodeData('a', { message: { body: 'Inline now' } });
      canvas.flow().updateNodeData('b', { message: { body: 'Inline too' } });
    });
    await waitFor(() => expect(store.getState().referencedTemplateIds.size).toBe(0));
    expect(store.getState().createTemplate({ ...newReminder, title: 'reminder' })).toMatchObject({
      ok: true,
      template: { id: 'reminder' },
    });
  });

  it('updates the set of named ids only when template ids change, not on drags or message edits', async () => {
    const canvas = canvasUsing('reminder', [reminder]);
    const { store } = canvas.plugin;
    await waitFor(() => expect([...store.getState().referencedTemplateIds]).toEqual(['reminder']));
    const before = store.getState().referencedTemplateIds;

    act(() => {
      canvas
        .flow()
        .setNodes((nodes: Node[]) =>
          nodes.map((n) => (n.id === 'a' ? { ...n, position: { x: 450, y: 80 } } : n)),
        );
      canvas.flow().updateNodeData('b', { label: 'Second reminder' });
    });
    expect(store.getState().referencedTemplateIds).toBe(before);

    act(() => canvas.flow().updateNodeData('b', { message: { templateId: 'other' } }));
    await waitFor(() =>
      expect([...store.getState().referencedTemplateIds].sort()).toEqual(['other', 'reminder']),
    );
  });

  it('skips the id of a template deleted in this session, even when no node names it', () => {
    const store = createEditorStore({
      catalog,
      environment: 'live',
      templateStorage: memoryTemplateStorage(),
    });
    expect(store.getState().createTemplate(newReminder)).toMatchObject({
      ok: true,
      template: { id: 'reminder' },
    });
    store.getState().deleteTemplate('reminder');
    expect(store.getState().createTemplate(newReminder)).toMatchObject({
      ok: true,
      template: { id: 'reminder-2' },
    });
    // A copy's id is derived from its title too, so it skips deleted ids the same way.
    const copy = store.getState().duplicateTemplate('reminder-2');
    expect(copy).toMatchObject({ ok: true, template: { id: 'reminder-copy', title: 'Reminder (copy)' } });
    store.getState().deleteTemplate('reminder-copy');
    const again = store.getState().duplicateTemplate('reminder-2');
    expect(again).toMatchObject({ ok: true, template: { id: 'reminder-copy-2', title: 'Reminder (copy)' } });
  });

  it('in the inspector: deleting, then creating the same title links only the node it was created from', async () => {
    const canvas = canvasUsing('reminder', [reminder], 'a');
    const user = userEvent.setup();
    await waitFor(() => expect(canvas.plugin.store.getState().diagnostics.b).toBeDefined());

    await user.click(screen.getByRole('button', { name: 'Delete template' }));
    await user.click(
      within(screen.getByRole('alertdialog', { name: 'Delete “Reminder”?' })).getByRole('button', {
        name: 'Delete',
      }),
    );
    await waitFor(() => expect(codes(canvas, 'b')).toContain('unknown-template'));

    await user.click(screen.getByRole('button', { name: 'New template' }));
    const form = screen.getByRole('form', { name: 'New template' });
    await user.type(within(form).getByLabelText('Title'), newReminder.title);
    await user.click(within(form).getByRole('textbox', { name: 'Body' }));
    await user.keyboard(newReminder.body);
    await user.type(within(form).getByLabelText(/^Live sender/), newReminder.senders.live);
    await user.click(within(form).getByRole('button', { name: 'Create template' }));

    expect(canvas.plugin.store.getState().templates.map((t) => t.id)).toEqual(['reminder-2']);
    // The node whose picker made it chose it; the other one still names the deleted template.
    await waitFor(() => expect(templateIdOf(canvas, 'a')).toBe('reminder-2'));
    expect(templateIdOf(canvas, 'b')).toBe('reminder');
    await waitFor(() => expect(codes(canvas, 'a')).not.toContain('unknown-template'));
    expect(codes(canvas, 'b')).toContain('unknown-template');
  });
});
