import { composeStories } from '@storybook/react-vite';
import { cleanup, render, screen } from '@testing-library/react';
import * as previewStories from '../../stories/MessagePreview.stories';
import * as nodeStories from '../../stories/SendSmsNode.stories';

// Each story shows the state its name and description promise, as a designer reads them.
const node = composeStories(nodeStories);
const preview = composeStories(previewStories);

afterEach(cleanup);

/** The canvas node's problems, as its badge lists them (its title). */
async function problemsOfNode(): Promise<string> {
  const badge = await screen.findByLabelText(/^\d+ problems?$/);
  return badge.getAttribute('title') ?? '';
}

describe('Send SMS node stories', () => {
  it('UnknownTemplate names the template the library does not hold', async () => {
    render(<node.UnknownTemplate />);
    expect(await screen.findByText('Unknown template “booking-confirmed”')).toBeTruthy();
    expect(await problemsOfNode()).toMatch(/booking-confirmed/);
  });

  it('TemplatesLoading says the template is loading, not that it is missing', async () => {
    render(<node.TemplatesLoading />);
    expect(await screen.findByText('Template “booking-confirmed” (loading…)')).toBeTruthy();
    expect(screen.queryByText(/Unknown template/)).toBeNull();
  });

  it('TemplatesFailedToLoad says templates could not be loaded', async () => {
    render(<node.TemplatesFailedToLoad />);
    // The node elides a long title and keeps it whole in its tooltip.
    expect(
      await screen.findByTitle('Template “booking-confirmed” (templates could not be loaded)'),
    ).toBeTruthy();
    expect(screen.queryByText(/Unknown template/)).toBeNull();
  });

  it('NoSenderForEnvironment shows that nothing is sent from the sandbox', async () => {
    render(<node.NoSenderForEnvironment />);
    expect(await screen.findByText('No sandbox sender')).toBeTruthy();
    expect(await problemsOfNode()).toMatch(/sandbox/);
  });

  it('WithProblems shows the problems its description lists', async () => {
    render(<node.WithProblems />);
    expect(await screen.findByText('Inline message')).toBeTruthy();
    const problems = await problemsOfNode();
    expect(problems).toMatch(/nickname/);
    expect(problems).toMatch(/caller\.mobile/);
    expect(problems).toMatch(/not connected/);
  });

  it('LongUcs2WithEmoji is UCS-2 in 4 segments', async () => {
    render(<node.LongUcs2WithEmoji />);
    expect(await screen.findByText('UCS-2 · 4 segments')).toBeTruthy();
  });
});

describe('message stories', () => {
  it('HtmlShownAsText shows the markup as typed and asks for no sample of a tag', async () => {
    render(<preview.HtmlShownAsText />);
    expect(
      await screen.findByText(
        'Note: <img src=x onerror="alert(1)"> <a href="javascript:alert(1)">not a link</a>',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Sample values' })).toBeNull();
  });
});
