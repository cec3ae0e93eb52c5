// A host whose template storage is a server: slow to answer, or failing.
import { act, screen } from '@testing-library/react';
import type { SmsTemplate } from '../../src/core';
import { bookingTemplate, renderCanvas, smsNode } from './plugin-harness';

const templateNode = smsNode('sms', {
  message: { templateId: 'booking' },
  consent: { mode: 'not-required', reason: 'Asked on the call' },
});

describe('a template node before its template library has loaded', () => {
  it('does not say the template has no sender while storage answers, and shows the sender once loaded', async () => {
    let answer!: (templates: SmsTemplate[]) => void;
    const load = () => new Promise<SmsTemplate[]>((resolve) => (answer = resolve));
    renderCanvas({ nodes: [templateNode], plugin: { templateStorage: { load, save: () => {} } } });
    const node = await screen.findByTestId('send-sms-node-sms');
    expect(node).toHaveTextContent('Template “booking” (loading…)');
    expect(node).not.toHaveTextContent(/No sandbox sender/);
    expect(node).toHaveTextContent('Sender shown once templates load');
    await act(async () => answer([bookingTemplate]));
    expect(node).toHaveTextContent('From +15005550006');
  });

  it('does not say the template has no sender when storage failed', async () => {
    const load = () => Promise.reject(new Error('The template server is down'));
    renderCanvas({ nodes: [templateNode], plugin: { templateStorage: { load, save: () => {} } } });
    const node = await screen.findByTestId('send-sms-node-sms');
    await act(async () => {});
    expect(node).toHaveTextContent(/Template “booking” \(templates could not be/);
    expect(node).not.toHaveTextContent(/No sandbox sender/);
    expect(node).toHaveTextContent('Sender unknown');
  });
});
