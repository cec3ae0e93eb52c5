import { render, screen, within } from '@testing-library/react';
import { countSegments } from '../../src/core';
import { MessagePreview } from '../../src/editor';

const preview = () => screen.getByRole('region', { name: 'Message preview' });

describe('MessagePreview: GSM-7 extension characters cost two', () => {
  it('explains why 160 GSM-7 characters with a euro sign take 2 segments', () => {
    const body = `${'a'.repeat(159)}€`;
    expect(countSegments(body)).toMatchObject({ encoding: 'GSM-7', segments: 2, characters: 160 });
    render(<MessagePreview body={body} />);
    expect(within(preview()).getByText(/GSM-7/, { selector: 'span' }).parentElement).toHaveTextContent(
      'GSM-7 · 2 segments · 160 characters',
    );
    expect(within(preview()).getByText(/costs extra/)).toHaveTextContent(
      '€ costs extra: GSM-7 sends each after an escape code, so each counts as 2 characters toward the segment (1 in this message, counted as 2).',
    );
  });

  it('names every extension character once, and counts each use', () => {
    render(<MessagePreview body={'Use [code] or {id} | ~ ^ \\ € and [again]'} />);
    expect(within(preview()).getByText(/cost extra/)).toHaveTextContent(
      /^\[ \] \{ \} \| ~ \^ \\ € cost extra: .*\(11 in this message, counted as 22\)\.$/,
    );
  });

  it('says nothing of it in UCS-2, where a euro sign costs one unit like any other character', () => {
    render(<MessagePreview body="Total: 5 € 😀" />);
    expect(within(preview()).getByText('UCS-2')).toBeInTheDocument();
    expect(within(preview()).queryByText(/extra/)).toBeNull();
  });
});
