import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { countSegments, OPT_OUT_FOOTER } from '../../src/core';
import { MessagePreview, type MessagePreviewProps } from '../../src/editor';

function preview() {
  return screen.getByRole('region', { name: 'Message preview' });
}
function bubbleText() {
  return screen.getByTestId('message-preview-text').textContent ?? '';
}
/** The bubble's text without the segment boundary markers. */
function messageText() {
  const bubble = screen.getByTestId('message-preview-text').cloneNode(true) as HTMLElement;
  for (const marker of bubble.querySelectorAll('.fsms-segment-boundary')) marker.remove();
  return bubble.textContent ?? '';
}

/** A preview whose fixes and typed samples take effect, as in the inspector. */
function Editable(props: Partial<MessagePreviewProps> & { body: string }) {
  const [body, setBody] = useState(props.body);
  const [samples, setSamples] = useState<Record<string, string>>({});
  return (
    <>
      <MessagePreview
        {...props}
        body={body}
        onBodyChange={setBody}
        sampleValues={samples}
        onSampleValueChange={(key, value) => setSamples((s) => ({ ...s, [key]: value }))}
      />
      <output data-testid="body">{body}</output>
    </>
  );
}

describe('MessagePreview', () => {
  it.each([
    ['short GSM-7', 'Your table is booked.', 'GSM-7', '1 segment'],
    ['exactly 160 GSM-7 characters', 'a'.repeat(160), 'GSM-7', '1 segment'],
    ['161 GSM-7 characters', 'a'.repeat(161), 'GSM-7', '2 segments'],
    ['extension characters cost two', `${'€'.repeat(80)}x`, 'GSM-7', '2 segments'],
    ['an emoji forces UCS-2', 'See you soon 😀', 'UCS-2', '1 segment'],
    [
      'long UCS-2 with emoji',
      `Thanks 🙏 ${'Привет, как дела? '.repeat(9)}`,
      'UCS-2',
      `${countSegments(`Thanks 🙏 ${'Привет, как дела? '.repeat(9)}`).segments} segments`,
    ],
  ])('%s: shows the encoding and segment count core computes', (_name, body, encoding, segments) => {
    const count = countSegments(body);
    expect(`${count.segments} segment${count.segments === 1 ? '' : 's'}`).toBe(segments);
    render(<MessagePreview body={body} />);
    const stats = within(preview()).getByText(encoding).parentElement as HTMLElement;
    expect(stats).toHaveTextContent(
      `${encoding} · ${segments} · ${count.characters.toLocaleString('en-US')} character`,
    );
    // One marker per segment after the first, and the message itself intact.
    expect(preview().querySelectorAll('.fsms-segment-boundary')).toHaveLength(count.segments - 1);
    expect(messageText()).toBe(body);
  });

  it('renders samples: fixed mappings, catalog samples, and values typed by the designer', async () => {
    const user = userEvent.setup();
    render(
      <Editable
        body="Hi {{first_name}}, code {{code}} for {{booking.date}}"
        mapping={{
          first_name: { kind: 'variable', path: 'customer.first_name' },
          code: { kind: 'fixed', value: 'X42' },
        }}
        variables={[{ path: 'customer.first_name', sample: 'Ada' }]}
      />,
    );
    expect(messageText()).toBe('Hi Ada, code X42 for {{booking.date}}');
    expect(within(preview()).getByText(/No sample for booking\.date/)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Sample for booking.date'), '12 May');
    expect(messageText()).toBe('Hi Ada, code X42 for 12 May');
    await user.type(screen.getByLabelText('Sample for first_name (customer.first_name)'), 'Grace');
    expect(messageText()).toBe('Hi Grace, code X42 for 12 May');
    expect(screen.queryByLabelText(/Sample for code/)).toBeNull();
  });

  it('shows a blank fixed value as missing, the way the executor treats it', () => {
    render(
      <MessagePreview
        body={'Code {{code}}, hi {{name | "there"}}'}
        mapping={{ code: { kind: 'fixed', value: '  ' }, name: { kind: 'fixed', value: '' } }}
      />,
    );
    expect(messageText()).toBe('Code {{code}}, hi there');
    expect(
      within(preview()).getByText(/Empty fixed value for code: .*cannot be sent like this/),
    ).toBeInTheDocument();
    expect(within(preview()).queryByText(/No sample for/)).toBeNull();
  });

  it('counts the opt-out footer, which goes on its own line', () => {
    render(<MessagePreview body="Your link: https://x.test" optOutFooter />);
    const text = `Your link: https://x.test\n${OPT_OUT_FOOTER}`;
    expect(messageText()).toBe(text);
    expect(within(preview()).getByText(/character/).parentElement).toHaveTextContent(
      `${countSegments(text).characters} characters`,
    );
  });

  it('shows HTML in a value or template as text and never creates the elements', () => {
    const html = '<img src=x onerror="alert(1)"><b>bold</b>';
    render(
      <MessagePreview
        body={`Note: {{note}} ${html}`}
        mapping={{ note: { kind: 'fixed', value: '<script>x()</script>' } }}
      />,
    );
    expect(messageText()).toBe(`Note: <script>x()</script> ${html}`);
    expect(preview().querySelector('img, b, script')).toBeNull();
  });

  it('highlights the characters that force UCS-2 and swaps one for its GSM look-alike in one click', async () => {
    const user = userEvent.setup();
    render(<Editable body={'It’s “great” — see you'} />);
    expect(within(preview()).getByText('UCS-2')).toBeInTheDocument();
    const marks = [...preview().querySelectorAll('[data-testid="message-preview-text"] mark')].map(
      (m) => m.textContent,
    );
    expect(marks).toEqual(['’', '“', '”', '—']);

    await user.click(screen.getByRole('button', { name: /Use GSM look-alike for “/ }));
    expect(screen.getByTestId('body')).toHaveTextContent('It’s "great” — see you');
    await user.click(screen.getByRole('button', { name: /Use GSM look-alike for ’/ }));
    await user.click(screen.getByRole('button', { name: /Use GSM look-alike for ”/ }));
    await user.click(screen.getByRole('button', { name: /Use GSM look-alike for —/ }));
    const fixed = screen.getByTestId('body').textContent ?? '';
    expect(countSegments(fixed).encoding).toBe('GSM-7');
    expect(within(preview()).getByText('GSM-7')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Use GSM look-alike/ })).toBeNull();
  });

  it('keeps keyboard focus after a look-alike fix removes its button: next fix, else the preview', async () => {
    const user = userEvent.setup();
    render(<Editable body={'“Hi” — bye'} />);
    const fix = (char: string) =>
      screen.getByRole('button', { name: new RegExp(`Use GSM look-alike for ${char}`) });
    fix('”').focus();
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(fix('—'));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(fix('“'));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('button', { name: /Use GSM look-alike/ })).toBeNull();
    expect(document.activeElement).toBe(preview());
  });

  it('says a character has no look-alike (an emoji) instead of offering a fix', () => {
    render(<Editable body="Thanks 🙏" />);
    expect(within(preview()).getByText('has no GSM-7 look-alike')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Use GSM look-alike/ })).toBeNull();
  });

  it('warns from 3 segments (307 GSM-7 characters) and shows an error above 1,600', () => {
    const { rerender } = render(<MessagePreview body={'a'.repeat(306)} />);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();

    rerender(<MessagePreview body={'a'.repeat(307)} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Long message: 307 characters, billed as 3 segments. Consider shortening it to 2 segments: at most 306 characters in GSM-7.',
    );

    rerender(
      <MessagePreview body={'{{long}}'} mapping={{ long: { kind: 'fixed', value: 'a'.repeat(1601) } }} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      /1,601 characters.*over 1,600 characters \(error 21617\)/,
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says there is nothing to preview for an empty message', () => {
    render(<MessagePreview body="" />);
    expect(within(preview()).getByText(/Nothing to preview yet/)).toBeInTheDocument();
    expect(within(preview()).getByText('0 segments')).toBeInTheDocument();
    expect(bubbleText).toThrow();
  });
});
