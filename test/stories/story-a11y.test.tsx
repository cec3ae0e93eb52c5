import { composeStories } from '@storybook/react-vite';
import { cleanup, render, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import * as previewStories from '../../stories/MessagePreview.stories';
import * as inspectorStories from '../../stories/SendSmsInspector.stories';
import * as nodeStories from '../../stories/SendSmsNode.stories';

// The stories a designer opens on a canvas (the node among host nodes, the whole inspector) and the
// preview, checked with axe as the panel stories are in test/editor/panels-a11y.test.tsx. Contrast
// and on-screen rules need a real layout engine; `region` expects a whole page.
const AXE_OPTIONS: axe.RunOptions = {
  rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
};

// The 500-node and 1,000-variable stories are for feeling speed; axe over them takes minutes in jsdom.
const SLOW = new Set(['FiveHundredNodes', 'ManyVariablesAndTemplates']);

const storySets = {
  SendSmsNode: composeStories(nodeStories),
  SendSmsInspector: composeStories(inspectorStories),
  MessagePreview: composeStories(previewStories),
};
const cases = Object.entries(storySets).flatMap(([component, stories]) =>
  Object.entries(stories)
    .filter(([name]) => !SLOW.has(name))
    .map(([name, Story]) => [`${component} / ${name}`, Story] as const),
);

afterEach(cleanup);

test.each(cases)('%s renders with no axe violations', { timeout: 60_000 }, async (_name, Story) => {
  const { container } = render(<Story />);
  // Canvas stories: wait for the plugin's node to be drawn before judging the page.
  if (container.querySelector('.react-flow')) {
    await waitFor(() => expect(container.querySelector('[data-handleid="sent"]')).not.toBeNull());
    // React Flow hides a node until it has measured it, which jsdom never does; axe skips hidden
    // elements, so the nodes are shown as a browser shows them.
    for (const node of container.querySelectorAll<HTMLElement>('.react-flow__node')) {
      node.style.visibility = 'visible';
    }
  }
  const result = await axe.run(container, AXE_OPTIONS);
  const found = result.violations.map(
    (v) => `${v.impact}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(found).toEqual([]);
});
