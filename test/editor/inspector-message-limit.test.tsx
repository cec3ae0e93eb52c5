import { screen, waitFor, within } from '@testing-library/react';
import { flowAround, renderCanvas, smsNode } from './plugin-harness';

const notRequired = { mode: 'not-required', reason: 'The caller asked for the link' } as const;

function messageBox(): HTMLElement {
  const inspector = screen.getByRole('region', { name: 'Send SMS settings' });
  return within(inspector).getByRole('textbox', { name: 'Message' });
}

describe('the inline message and its 500-character limit', () => {
  it('an inline message over the limit says so under the editor, with how far over and what to do', async () => {
    renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'a'.repeat(620) }, consent: notRequired })),
      inspect: 'sms',
    });
    const box = messageBox();
    await waitFor(() => expect(box).toHaveAttribute('aria-invalid', 'true'));
    // Said where the builder is typing, and read with the editor by a screen reader: the limit,
    // the overshoot and the fix (the preview's 1,600 is Twilio's limit on the rendered text).
    expect(box).toHaveAccessibleDescription(/620\/500 characters/);
    expect(box).toHaveAccessibleDescription(
      /Error: The message is 120 characters over the 500-character limit: shorten it/,
    );
  });

  it('a message within the limit shows the count against it and no error', () => {
    renderCanvas({
      ...flowAround(smsNode('sms', { message: { body: 'Hello 😀' }, consent: notRequired })),
      inspect: 'sms',
    });
    const box = messageBox();
    // An emoji is one character, as the limit counts it.
    expect(box).toHaveAccessibleDescription(/^7\/500 characters · UCS-2 · 1 segment$/);
    expect(box).not.toHaveAttribute('aria-invalid');
  });
});
