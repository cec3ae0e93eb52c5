import { render, screen, within } from '@testing-library/react';
import { MessagePreview } from '../../src/editor';

function listed() {
  const preview = screen.getByRole('region', { name: 'Message preview' });
  const list = within(preview).getByRole('list', { name: /not in the GSM-7 alphabet/ });
  return within(list).getAllByRole('listitem');
}

describe('MessagePreview: naming a character that forces UCS-2', () => {
  // Each of these looks exactly like GSM-7 text on screen; only the code points show what is wrong.
  it.each([
    ['a letter followed by an invisible zero-width joiner', 'Hi A\u200dnna', 'A\u200d (U+0041 U+200D)'],
    ['e written with a separate combining accent', 'Cafe\u0301 open', 'e\u0301 (U+0065 U+0301)'],
    ['a digit with a stray variation selector', 'Gate 4\ufe0e', '4\ufe0e (U+0034 U+FE0E)'],
  ])('%s is named by its code points, with a fix', (_name, body, name) => {
    render(<MessagePreview body={body} onBodyChange={() => {}} />);
    const [item] = listed();
    expect(item).toHaveTextContent(name, { normalizeWhitespace: false });
    expect(within(item as HTMLElement).getByRole('button')).toHaveAccessibleName(
      new RegExp(`^Use GSM look-alike for ${name.replace(/[()+]/g, '\\$&')}`),
    );
  });

  it('shows an emoji, a letter GSM-7 lacks and a CJK character as they are', () => {
    render(<MessagePreview body="👍🏽 ł 你" />);
    expect(listed().map((item) => item.querySelector('mark')?.textContent)).toEqual(['👍🏽', 'ł', '你']);
  });
});
