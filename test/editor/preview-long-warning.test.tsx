import { render, screen } from '@testing-library/react';
import { countSegments } from '../../src/core';
import { MessagePreview } from '../../src/editor';

describe('MessagePreview: the long-message warning follows the segments billed', () => {
  it('warns about a 310-character GSM-7 message, billed as 3 segments', () => {
    const body = 'a'.repeat(310);
    expect(countSegments(body).segments).toBe(3);
    render(<MessagePreview body={body} />);
    expect(screen.getByRole('status')).toHaveTextContent(/billed as 3 segments/);
  });

  it('warns about a 200-character message with an emoji, billed as 3 UCS-2 segments, with the UCS-2 size', () => {
    const body = `Gracias 🙏 ${'a'.repeat(190)}`;
    expect(countSegments(body)).toMatchObject({ encoding: 'UCS-2', segments: 3 });
    render(<MessagePreview body={body} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      `Long message: ${countSegments(body).characters} characters, billed as 3 segments. Consider shortening it to 2 segments: at most 134 characters in UCS-2, an emoji counting as 2.`,
    );
  });

  it('does not warn about 2 segments', () => {
    render(<MessagePreview body={`Gracias 🙏 ${'a'.repeat(120)}`} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
