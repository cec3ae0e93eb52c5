import { render, screen, within } from '@testing-library/react';
import { MessagePreview } from '../../src/editor';

function nonGsmList() {
  const preview = screen.getByRole('region', { name: 'Message preview' });
  return within(preview).getByRole('list', { name: /not in the GSM-7 alphabet/ });
}

describe('MessagePreview: where a character that forces UCS-2 comes from', () => {
  it('names the fixed value a smart quote comes from: it is sent, it is not a sample', () => {
    render(
      <MessagePreview
        body="Your code: {{code}}"
        mapping={{ code: { kind: 'fixed', value: '“K7Q2”' } }}
        onBodyChange={() => {}}
      />,
    );
    const items = within(nonGsmList()).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('“ comes from the fixed value of code (use “"” there)');
    expect(nonGsmList()).not.toHaveTextContent(/sample/);
  });

  it('says a character without look-alike comes from a sample, not from the message', () => {
    render(
      <MessagePreview
        body="Hi {{first_name}}"
        mapping={{ first_name: { kind: 'variable', path: 'caller.first_name' } }}
        variables={[{ path: 'caller.first_name', sample: 'Zoë' }]}
        onBodyChange={() => {}}
      />,
    );
    expect(within(nonGsmList()).getByRole('listitem')).toHaveTextContent(
      'ë comes from the sample for first_name, which has no GSM-7 look-alike',
    );
  });

  it('names the fallback a character comes from', () => {
    render(
      <MessagePreview
        body="Hi {{first_name}}"
        mapping={{ first_name: { kind: 'variable', path: 'caller.first_name', fallback: 'friend…' } }}
      />,
    );
    expect(within(nonGsmList()).getByRole('listitem')).toHaveTextContent(
      '… comes from the fallback of first_name (use “...” there)',
    );
  });

  it('a read-only preview names the look-alike of a character typed in the message itself', () => {
    render(<MessagePreview body="It’s booked" />);
    expect(within(nonGsmList()).getByRole('listitem')).toHaveTextContent("’ has a GSM-7 look-alike: use “'”");
  });
});
