import { render, screen, within } from '@testing-library/react';
import { MessagePreview } from '../../src/editor';

describe('MessagePreview: too long for Twilio', () => {
  it('explains why 801 emoji are 1,602 characters to Twilio when the count above says 801', () => {
    render(<MessagePreview body={'😀'.repeat(801)} />);
    const preview = screen.getByRole('region', { name: 'Message preview' });
    expect(within(preview).getByText('801 characters')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Too long: 1,602 characters as Twilio counts them (801 as they appear: an emoji counts as 2 or more). Twilio refuses messages over 1,600 characters (error 21617); shorten the message.',
    );
  });

  it('keeps the plain wording when both counts agree', () => {
    render(<MessagePreview body={'a'.repeat(1601)} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^Too long: 1,601 characters\. Twilio refuses messages over 1,600 characters \(error 21617\); shorten the message\.$/,
    );
  });
});
