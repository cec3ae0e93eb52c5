import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { bookingTemplate, flowAround, renderCanvas, smsNode } from './plugin-harness';

const notRequired = { mode: 'not-required', reason: 'The caller asked for the link' } as const;

it('the template form counts the title and body as their limits do: an emoji is one character', async () => {
  const user = userEvent.setup();
  renderCanvas({
    ...flowAround(smsNode('sms', { message: { templateId: 'booking' }, consent: notRequired })),
    templates: [{ ...bookingTemplate, title: 'Party 🎉', body: `Thanks! ${'🎉'.repeat(300)}` }],
    inspect: 'sms',
  });
  await user.click(screen.getByRole('button', { name: 'Edit template' }));
  const form = within(screen.getByRole('form', { name: /Edit template/ }));
  // 308 characters, within the limit: the hint said 608/500 (UTF-16 units) with no error beside it.
  expect(form.getByText(/characters\. Write inputs as/)).toHaveTextContent(/^308\/500 characters\./);
  expect(form.getByText(/unique among your templates/)).toHaveTextContent(/^7\/100 characters;/);
});
