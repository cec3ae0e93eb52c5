import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SmsTemplate } from '../../src/core';
import type { TemplateStorage } from '../../src/editor';
import { bookingTemplate, flowAround, renderCanvas, smsNode } from './plugin-harness';

// Until the library has loaded, a template a node names may well exist: nothing may tell the builder
// it is missing, or lead them to unlink it.

const notRequired = { mode: 'not-required', reason: 'The caller asked for the link' } as const;

function renderWithStorage(templateStorage: TemplateStorage, templateId = 'booking') {
  return renderCanvas({
    ...flowAround(smsNode('sms', { message: { templateId }, consent: notRequired })),
    inspect: 'sms',
    plugin: { templateStorage },
  });
}

function inspector() {
  return within(screen.getByRole('region', { name: 'Send SMS settings' }));
}

async function optionTitles(user: ReturnType<typeof userEvent.setup>) {
  await user.click(inspector().getByRole('combobox', { name: 'Template' }));
  const titles = within(screen.getByRole('listbox', { name: 'Templates' }))
    .queryAllByRole('option')
    .map((option) => option.querySelector('.fsms-option-title')?.textContent);
  await user.keyboard('{Escape}');
  return titles;
}

describe('a node whose template library has not loaded', () => {
  it('is not reported as naming a missing template while storage answers, and shows it once loaded', async () => {
    let resolve: (templates: SmsTemplate[]) => void = () => {};
    const load = () => new Promise<SmsTemplate[]>((r) => (resolve = r));
    const user = userEvent.setup();
    const { plugin, flow } = renderWithStorage({ load, save: () => {} });

    // The analysis has run (the unconnected branches are reported), without an unknown template.
    await waitFor(() => expect(plugin.store.getState().diagnostics.sms).toBeDefined());
    const codes = plugin.store.getState().diagnostics.sms?.map((d) => d.code);
    expect(codes).toContain('branch-unconnected');
    expect(codes).not.toContain('unknown-template');
    expect(screen.queryByText(/does not exist/)).toBeNull();
    // The host's validate() says what the badge says, and the canvas node does not call it unknown.
    expect(plugin.validate(flow().toObject()).map((d) => d.code)).not.toContain('unknown-template');
    expect(screen.getByTestId('send-sms-node-sms')).toHaveTextContent('Template “booking” (loading…)');

    const combobox = inspector().getByRole('combobox', { name: 'Template' });
    expect(combobox).toHaveValue('Templates are loading… (booking)');
    const problems = inspector().getByRole('region', { name: 'Problems' });
    expect(problems).toHaveTextContent(/templates are still loading/i);
    // Switching to inline now would replace the link with an empty text.
    expect(await optionTitles(user)).not.toContain('Inline message');
    expect(flow().getNode('sms')?.data.message).toEqual({ templateId: 'booking' });

    resolve([bookingTemplate]);
    await waitFor(() => expect(combobox).toHaveValue('Booking confirmed'));
    expect(plugin.store.getState().diagnostics.sms?.map((d) => d.code)).not.toContain('unknown-template');
  });

  it('says the templates could not be loaded when storage fails, and keeps the link', async () => {
    const user = userEvent.setup();
    const { plugin, flow } = renderWithStorage({
      load: () => Promise.reject(new Error('offline')),
      save: () => {},
    });
    await waitFor(() => expect(plugin.store.getState().templateStatus).toBe('error'));
    await waitFor(() => expect(plugin.store.getState().diagnostics.sms).toBeDefined());
    expect(plugin.store.getState().diagnostics.sms?.map((d) => d.code)).not.toContain('unknown-template');

    const combobox = inspector().getByRole('combobox', { name: 'Template' });
    await waitFor(() => expect(combobox).toHaveValue('Templates could not be loaded (booking)'));
    expect(inspector().getByRole('region', { name: 'Problems' })).toHaveTextContent(
      /templates could not be loaded/i,
    );
    expect(await optionTitles(user)).not.toContain('Inline message');
    expect(flow().getNode('sms')?.data.message).toEqual({ templateId: 'booking' });
  });

  it('still reports a template that is missing from a loaded library, and offers inline instead', async () => {
    const user = userEvent.setup();
    const { plugin } = renderWithStorage({ load: () => [bookingTemplate], save: () => {} }, 'gone');
    await waitFor(() =>
      expect(plugin.store.getState().diagnostics.sms?.map((d) => d.code)).toContain('unknown-template'),
    );
    expect(inspector().getByRole('combobox', { name: 'Template' })).toHaveValue('Missing template (gone)');
    expect(await optionTitles(user)).toContain('Inline message');
  });
});
