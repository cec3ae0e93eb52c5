import { composeStories } from '@storybook/react-vite';
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import * as stories from '../../stories/MessageEditor.stories';

const { Empty } = composeStories(stories);
afterEach(cleanup);

/** WCAG relative luminance of a `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((part) => {
    const c = Number(part) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

// axe's contrast rule needs a real layout engine, so the placeholder's colour is checked directly.
test("the empty editor's placeholder is readable: at least 4.5:1 against the editor's white", async () => {
  const { container } = render(<Empty />);
  const placeholder = await waitFor(() => {
    const element = container.querySelector<HTMLElement>('.cm-placeholder');
    expect(element?.textContent).toBe('Type {{ to insert a variable');
    return element as HTMLElement;
  });
  const color = getComputedStyle(placeholder).color;
  expect(color).toMatch(/^rgb/);
  const contrast = 1.05 / (luminance(color) + 0.05);
  expect(contrast).toBeGreaterThanOrEqual(4.5);
});
