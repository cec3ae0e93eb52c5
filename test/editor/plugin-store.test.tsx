import { act, waitFor } from '@testing-library/react';
import { type SmsTemplate, TEMPLATE_TITLE_MAX } from '../../src/core';
import {
  createEditorStore,
  DEFAULT_TEMPLATE_STORAGE_KEY,
  localStorageTemplateStorage,
  memoryTemplateStorage,
  type TemplateStorage,
} from '../../src/editor';
import { bookingTemplate, catalog, flowAround, LIVE_SENDER, renderCanvas, smsNode } from './plugin-harness';

const draft = (title: string, body = 'Hello there') => ({ title, body, senders: { live: LIVE_SENDER } });

function storeWith(
  templates: SmsTemplate[] = [],
  storage: TemplateStorage = memoryTemplateStorage(templates),
) {
  return createEditorStore({ catalog, environment: 'sandbox', templateStorage: storage });
}

describe('editor store: templates', () => {
  it('creates a template with an id from its title, and refuses a second one with the same title', () => {
    const store = storeWith();
    const created = store.getState().createTemplate(draft('Booking reminder'));
    expect(created).toMatchObject({
      ok: true,
      template: { id: 'booking-reminder', title: 'Booking reminder' },
    });
    expect(store.getState().templatesById['booking-reminder']?.body).toBe('Hello there');

    const again = store.getState().createTemplate(draft('  booking REMINDER '));
    expect(again.ok).toBe(false);
    if (!again.ok)
      expect(again.errors).toContainEqual({ field: 'title', message: expect.stringMatching(/already used/) });
    expect(store.getState().templates).toHaveLength(1);
  });

  it('returns the schema errors by field and changes nothing when a template is invalid', () => {
    const store = storeWith();
    const result = store.getState().createTemplate({
      title: 'x'.repeat(TEMPLATE_TITLE_MAX + 1),
      body: '',
      senders: { live: '555-0100' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.field).sort()).toEqual(['body', 'senders.live', 'title']);
    }
    expect(store.getState().templates).toEqual([]);
  });

  it('updates, duplicates and deletes, keeping titles unique', () => {
    const store = storeWith([bookingTemplate]);
    const updated = store.getState().updateTemplate('booking', { ...bookingTemplate, body: 'New body' });
    expect(updated.ok).toBe(true);
    expect(store.getState().templatesById.booking?.body).toBe('New body');

    const copy = store.getState().duplicateTemplate('booking');
    const second = store.getState().duplicateTemplate('booking');
    expect(copy).toMatchObject({
      ok: true,
      template: { title: 'Booking confirmed (copy)', body: 'New body' },
    });
    expect(second).toMatchObject({ ok: true, template: { title: 'Booking confirmed (copy 2)' } });

    const clash = store
      .getState()
      .updateTemplate('booking', { ...bookingTemplate, title: 'Booking confirmed (copy)' });
    expect(clash.ok).toBe(false);

    expect(store.getState().deleteTemplate('booking').ok).toBe(true);
    expect(store.getState().templates.map((t) => t.title)).toEqual([
      'Booking confirmed (copy)',
      'Booking confirmed (copy 2)',
    ]);
    expect(store.getState().deleteTemplate('booking').ok).toBe(false);
  });

  it('saves every change through the storage adapter, and loads from it', async () => {
    const storage = memoryTemplateStorage();
    const store = storeWith([], storage);
    store.getState().createTemplate(draft('Reminder'));
    await waitFor(() =>
      expect(
        storeWith([], storage)
          .getState()
          .templates.map((t) => t.title),
      ).toEqual(['Reminder']),
    );
  });

  it('keeps templates in localStorage by default, and keeps stored entries it cannot read', async () => {
    localStorage.clear();
    localStorage.setItem(DEFAULT_TEMPLATE_STORAGE_KEY, JSON.stringify([bookingTemplate, { id: 'broken' }]));
    const store = storeWith([], localStorageTemplateStorage());
    expect(store.getState().templates.map((t) => t.id)).toEqual(['booking']);
    expect(store.getState().storageError).toMatch(/1 stored template\(s\) could not be read \(entry 2\)/);

    store.getState().createTemplate(draft('Second'));
    await waitFor(() => {
      const saved = JSON.parse(localStorage.getItem(DEFAULT_TEMPLATE_STORAGE_KEY) ?? '[]') as SmsTemplate[];
      expect(saved).toEqual([bookingTemplate, expect.objectContaining({ id: 'second' }), { id: 'broken' }]);
    });
  });

  it('writes unreadable stored entries back unchanged on every save, and keeps warning about them', async () => {
    const broken = { id: 'broken', title: 'No body' };
    const repeated = { ...bookingTemplate, title: 'Same id, other title' };
    const save = vi.fn<TemplateStorage['save']>();
    const store = storeWith([], { load: () => [broken, bookingTemplate, repeated], save });
    expect(store.getState().templates).toEqual([bookingTemplate]);
    const warning = store.getState().storageError;
    expect(warning).toMatch(/2 stored template\(s\) could not be read \(entries 1, 3\)/);

    store.getState().createTemplate(draft('Second'));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.lastCall?.[0]).toEqual([
      bookingTemplate,
      expect.objectContaining({ id: 'second' }),
      broken,
      repeated,
    ]);
    // The save succeeded, but the entries nobody can see are still there: so is the warning.
    await waitFor(() => expect(store.getState().storageError).toBe(warning));

    store.getState().deleteTemplate('booking');
    store.getState().deleteTemplate('second');
    await waitFor(() => expect(save).toHaveBeenCalledTimes(3));
    expect(save.mock.lastCall?.[0]).toEqual([broken, repeated]);
    expect(store.getState().storageError).toBe(warning);

    // A host swapping the library replaces what the builder sees, not what nobody could read.
    const other = { ...bookingTemplate, id: 'other', title: 'Other' };
    expect(store.getState().replaceTemplates([other]).ok).toBe(true);
    await waitFor(() => expect(save).toHaveBeenCalledTimes(4));
    expect(save.mock.lastCall?.[0]).toEqual([other, broken, repeated]);
    expect(store.getState().storageError).toBe(warning);
  });

  it('treats a load() that gives something other than a list as a failed load, so nothing is overwritten', async () => {
    const save = vi.fn();
    // A server answer passed on whole instead of its list: the templates are there, just not readable.
    const store = storeWith([], {
      load: () => Promise.resolve({ templates: [bookingTemplate] } as never),
      save,
    });
    await waitFor(() => expect(store.getState().templateStatus).toBe('error'));
    expect(store.getState().storageError).toMatch(
      /^Could not load templates: .*load\(\) must resolve to an array of templates/,
    );
    expect(store.getState().createTemplate(draft('Reminder')).ok).toBe(false);

    const sync = storeWith([], { load: () => 'booking' as never, save });
    expect(sync.getState().templateStatus).toBe('error');
    expect(sync.getState().createTemplate(draft('Reminder')).ok).toBe(false);
    await Promise.resolve();
    expect(save).not.toHaveBeenCalled();
  });

  it('waits for a slow adapter, and refuses changes while loading so nothing unseen is overwritten', async () => {
    let resolve: (templates: unknown[]) => void = () => {};
    const save = vi.fn();
    const store = storeWith([], { load: () => new Promise((r) => (resolve = r)), save });
    expect(store.getState().templateStatus).toBe('loading');
    expect(store.getState().createTemplate(draft('Early')).ok).toBe(false);
    resolve([bookingTemplate]);
    await waitFor(() => expect(store.getState().templateStatus).toBe('ready'));
    expect(store.getState().templates).toEqual([bookingTemplate]);
    expect(save).not.toHaveBeenCalled();
  });

  it('reports a failing adapter instead of throwing', async () => {
    const store = storeWith([], {
      load: () => [],
      save: () => Promise.reject(new Error('server said 503')),
    });
    store.getState().createTemplate(draft('Reminder'));
    await waitFor(() =>
      expect(store.getState().storageError).toBe('Could not save templates: server said 503'),
    );

    const unreadable = storeWith([], {
      load: () => {
        throw new Error('offline');
      },
      save: () => {},
    });
    expect(unreadable.getState()).toMatchObject({
      templateStatus: 'error',
      storageError: 'Could not load templates: offline',
    });
    expect(unreadable.getState().createTemplate(draft('Reminder')).ok).toBe(false);
  });

  it('replaces the whole library from a flow file, or nothing when an entry is invalid', () => {
    const store = storeWith([bookingTemplate]);
    const bad = store.getState().replaceTemplates([{ ...bookingTemplate, id: 'other' }, { id: 'x' }]);
    expect(bad.ok).toBe(false);
    expect(store.getState().templates).toEqual([bookingTemplate]);
    const other = { ...bookingTemplate, id: 'other', title: 'Other' };
    expect(store.getState().replaceTemplates([other]).ok).toBe(true);
    expect(store.getState().templates).toEqual([other]);
  });

  it('rejects options and settings it cannot use, naming the field', () => {
    expect(() =>
      createEditorStore({
        catalog,
        environment: 'staging' as never,
        templateStorage: memoryTemplateStorage(),
      }),
    ).toThrow(/environment/);
    expect(() => createEditorStore({ catalog, environment: 'live', templateStorage: {} as never })).toThrow(
      /templateStorage must be an object with load\(\) and save\(\)/,
    );
    const store = storeWith();
    expect(() => store.getState().setEnvironment('prod' as never)).toThrow(/environment/);
    expect(() => store.getState().setDefaultSenders({ live: '12345' })).toThrow(/live/);
  });
});

describe('editor store: flow analysis', () => {
  it('keeps the results of nodes that did not change, so their components do not re-render', async () => {
    const a = smsNode('a', {
      message: { body: 'Hi {{customer.first_name}}' },
      consent: { mode: 'not-required', reason: 'r' },
    });
    const b = smsNode(
      'b',
      { message: { body: 'Hello' }, consent: { mode: 'not-required', reason: 'r' } },
      600,
    );
    const graph = flowAround(a);
    graph.nodes.push(b);
    graph.edges.push({ id: 'e-b', source: 'lookup', target: 'b' });
    const { plugin, flow } = renderCanvas(graph);
    act(() => void plugin.store.getState().watchUpstream('b'));
    await waitFor(() => expect(plugin.store.getState().upstream.b).toBeDefined());
    const before = plugin.store.getState();
    expect(before.samples.b).toBeDefined();

    act(() => flow().updateNodeData('a', { message: { body: '' } }));
    await waitFor(() => expect(plugin.store.getState().diagnostics.a).not.toBe(before.diagnostics.a));
    const after = plugin.store.getState();
    expect(after.diagnostics.b).toBe(before.diagnostics.b);
    expect(after.upstream.b).toBe(before.upstream.b);
    expect(after.samples.b).toBe(before.samples.b);
  });

  it('keeps the full variable list only for watched nodes, and samples for every Send SMS node', async () => {
    const sms = smsNode('sms', {
      message: { body: 'Hi {{customer.first_name}} {{booking.date}}' },
      inputs: { 'booking.date': { kind: 'variable', path: 'late.date' } },
      consent: { mode: 'not-required', reason: 'r' },
    });
    const graph = flowAround(sms);
    // A node after the Send SMS node sets late.date: its sample must not show before it is set.
    graph.nodes.push({ id: 'after', type: 'later', position: { x: 600, y: 0 }, data: {} });
    graph.edges.push({ id: 'e-after', source: 'sms', sourceHandle: 'sent', target: 'after' });
    const { plugin } = renderCanvas({
      ...graph,
      plugin: { catalog: { ...catalog, later: [{ path: 'late.date', sample: 'never shown' }] } },
    });
    await waitFor(() =>
      expect(plugin.store.getState().samples.sms).toEqual({ 'customer.first_name': 'Ada' }),
    );
    expect(plugin.store.getState().upstream.sms).toBeUndefined();

    let unwatch = () => {};
    act(() => {
      unwatch = plugin.store.getState().watchUpstream('sms');
    });
    await waitFor(() =>
      expect(plugin.store.getState().upstream.sms).toContainEqual(
        expect.objectContaining({ path: 'customer.first_name', sample: 'Ada', availability: 'always' }),
      ),
    );
    expect(plugin.store.getState().upstream.sms?.map((v) => v.path)).not.toContain('late.date');
    act(() => unwatch());
    await waitFor(() => expect(plugin.store.getState().upstream.sms).toBeUndefined());
  });

  it('reports a catalog function that throws instead of breaking the canvas', async () => {
    const { plugin } = renderCanvas({
      ...flowAround(
        smsNode('sms', { message: { body: 'x' }, consent: { mode: 'not-required', reason: 'r' } }),
      ),
      plugin: {
        catalog: {
          lookup: () => {
            throw new Error('catalog exploded');
          },
        },
      },
    });
    await waitFor(() => expect(plugin.store.getState().analysisError).toMatch(/catalog exploded/));
  });
});
