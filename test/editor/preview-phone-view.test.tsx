import { render, screen, within } from '@testing-library/react';
import type { Conversation } from '../../playground/src/api';
import { PhoneView } from '../../playground/src/PhoneView';

// jsdom has no layout: the check is that the bubble asks the browser to break a word that does not
// fit, which in Chromium keeps a 300-character link inside a 270-pixel phone instead of cutting it.
test('a long link in a message wraps inside its bubble instead of running off the phone', () => {
  const link = `https://example.test/r/${'x'.repeat(300)}`;
  const conversation: Conversation = {
    number: '+14155550123',
    optedOut: false,
    messages: [
      {
        direction: 'outbound',
        from: '+14155550100',
        to: '+14155550123',
        body: `Your link: ${link}`,
        status: 'delivered',
        at: '2025-05-12T09:00:00.000Z',
      },
    ],
  };
  render(<PhoneView conversation={conversation} onReply={async () => {}} />);
  const bubble = within(screen.getByRole('list', { name: 'Conversation' })).getByRole('listitem');
  expect(bubble).toHaveTextContent(`Your link: ${link}`);
  expect(getComputedStyle(bubble).overflowWrap).toBe('anywhere');
});
