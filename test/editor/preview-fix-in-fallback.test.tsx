import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { parseTemplate } from '../../src/core';
import { MessagePreview } from '../../src/editor';

function Editable({ initial }: { initial: string }) {
  const [body, setBody] = useState(initial);
  return (
    <>
      <MessagePreview body={body} onBodyChange={setBody} />
      <output data-testid="body">{body}</output>
    </>
  );
}

describe('MessagePreview: the look-alike fix inside a token fallback keeps the template valid', () => {
  it.each([
    [
      'an apostrophe in a single-quoted fallback',
      "Hi {{name | 'It’s you'}}!",
      '’',
      "Hi {{name | 'It\\'s you'}}!",
      "Hi It's you!",
    ],
    [
      'double quotes in a double-quoted fallback',
      'Dear {{name | "our “valued” customer"}}',
      '“',
      'Dear {{name | "our \\"valued” customer"}}',
      'Dear our "valued” customer',
    ],
    [
      'a fullwidth backslash ending a fallback',
      'Saved in {{dir | "C:＼"}}',
      '＼',
      'Saved in {{dir | "C:\\\\"}}',
      'Saved in C:\\',
    ],
    ['an apostrophe outside any token', "It’s {{name | 'you'}}", '’', "It's {{name | 'you'}}", "It's you"],
  ])('%s', async (_name, body, char, fixed, shown) => {
    const user = userEvent.setup();
    render(<Editable initial={body} />);
    await user.click(screen.getByRole('button', { name: new RegExp(`^Use GSM look-alike for ${char}`) }));
    const result = screen.getByTestId('body').textContent ?? '';
    expect(result).toBe(fixed);
    expect(parseTemplate(result).errors).toEqual([]);
    const bubble = screen.getByTestId('message-preview-text').cloneNode(true) as HTMLElement;
    for (const marker of bubble.querySelectorAll('.fsms-segment-boundary')) marker.remove();
    expect(bubble.textContent).toBe(shown);
  });
});
