import { render, screen, within } from '@testing-library/react';
import { MessagePreview } from '../../src/editor';

const preview = () => screen.getByRole('region', { name: 'Message preview' });

describe('MessagePreview: samples are never shown as if they were the real values', () => {
  it('says which inputs show a sample or their fallback, and that the real text can differ', () => {
    render(
      <MessagePreview
        body="Hi {{first_name}} {{last_name}}, your code is {{code}}. See you {{day}}."
        mapping={{
          first_name: { kind: 'variable', path: 'caller.first_name' },
          last_name: { kind: 'variable', path: 'caller.last_name', fallback: 'friend' },
          code: { kind: 'fixed', value: 'K7Q2' },
        }}
        variables={[{ path: 'caller.first_name', sample: 'Zoë' }]}
        sampleValues={{ day: 'Monday' }}
        onSampleValueChange={() => {}}
      />,
    );
    expect(screen.getByTestId('message-preview-text')).toHaveTextContent(
      'Hi Zoë friend, your code is K7Q2. See you Monday.',
    );
    const note = within(preview()).getByText(/Shown with stand-ins/);
    expect(note).toHaveTextContent(
      'Shown with stand-ins, not real values: first_name, day are sample values; last_name shows its fallback, sent only when the variable is empty. When the flow runs, the recipient gets the values the variables hold then, so the text, length and encoding can differ.',
    );
    // The fixed value is what gets sent: it is not called a sample.
    expect(note).not.toHaveTextContent(/code/);
  });

  it('says nothing of samples when every value shown is the one that is sent', () => {
    render(
      <MessagePreview body="Your code is {{code}}." mapping={{ code: { kind: 'fixed', value: 'K7Q2' } }} />,
    );
    expect(within(preview()).queryByText(/stand-in|sample/i)).toBeNull();
  });
});
