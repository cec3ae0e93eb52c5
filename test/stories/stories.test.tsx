/// <reference types="vite/client" />
import { composeStories, type composeStory, setProjectAnnotations } from '@storybook/react';
import { cleanup, render, screen } from '@testing-library/react';
import * as previewAnnotations from '../../.storybook/preview';

// Every story in stories/, composed with the project's annotations exactly as Storybook would
// render it: a story that throws, logs a React error or renders nothing fails here.
const annotations = setProjectAnnotations([previewAnnotations]);
beforeAll(annotations.beforeAll);

type StoryModule = Parameters<typeof composeStories>[0];
type ComposedStory = ReturnType<typeof composeStory>;
const modules = import.meta.glob<StoryModule>('../../stories/**/*.stories.tsx', { eager: true });

const cases = Object.entries(modules).flatMap(([file, module]) =>
  (Object.entries(composeStories(module)) as [string, ComposedStory][]).map(
    ([name, Story]) => [`${file.replace('../../stories/', '')} / ${name}`, Story] as const,
  ),
);

describe('stories', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('finds the stories', () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(3);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  // Generous: the 1,000-variable and 200-template stories are slow to lay out in jsdom.
  it.each(cases)('%s renders without errors', { timeout: 60_000 }, async (_name, Story) => {
    const errors = vi.spyOn(console, 'error');
    const { container } = render(<Story />);
    if (Story.play) await Story.play({ canvasElement: container } as never);
    expect(container.textContent?.trim()).not.toBe('');
    expect(errors).not.toHaveBeenCalled();
    // A story that shows a correct node must not show it with problems.
    if (Story.parameters?.flowSms?.noProblems) {
      expect(await screen.findByText('Booking confirmed')).toBeTruthy();
      expect(screen.queryByLabelText(/^\d+ problems?$/)).toBeNull();
    }
  });
});
