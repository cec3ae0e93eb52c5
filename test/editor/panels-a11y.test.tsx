import { composeStories } from '@storybook/react-vite';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import * as consentStories from '../../stories/ConsentPanel.stories';
import * as mappingStories from '../../stories/InputMappingPanel.stories';
import * as messageStories from '../../stories/MessageEditor.stories';
import * as recipientStories from '../../stories/RecipientTimingPanel.stories';
import * as pickerStories from '../../stories/TemplatePicker.stories';

// Rules that need a real layout engine (contrast, what is on screen) cannot judge jsdom's output;
// `region` expects a whole page, and each story renders one panel alone.
const AXE_OPTIONS: axe.RunOptions = {
  rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
};

async function violations(container: HTMLElement) {
  const result = await axe.run(container, AXE_OPTIONS);
  return result.violations.map(
    (v) => `${v.impact}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

const storySets = {
  MessageEditor: composeStories(messageStories),
  TemplatePicker: composeStories(pickerStories),
  InputMappingPanel: composeStories(mappingStories),
  ConsentPanel: composeStories(consentStories),
  RecipientTimingPanel: composeStories(recipientStories),
};
const cases = Object.entries(storySets).flatMap(([component, stories]) =>
  Object.entries(stories).map(([name, Story]) => [`${component} / ${name}`, Story] as const),
);

// A generous limit: axe walks every option of the 1,000-variable stories, which jsdom makes slow.
test.each(cases)('%s renders with no axe violations', { timeout: 60_000 }, async (_name, Story) => {
  const { container } = render(<Story />);
  expect(await violations(container)).toEqual([]);
});

test('the message editor with its completion list open has no axe violations', async () => {
  const { container } = render(<storySets.MessageEditor.WithTokens />);
  const user = userEvent.setup();
  await user.click(screen.getByRole('textbox', { name: 'Message' }));
  await user.keyboard('{End} {{{{');
  await screen.findByRole('listbox', { name: 'Variables' });
  expect(await violations(container)).toEqual([]);
});

test('the template picker with its list open, and its form showing errors, has no axe violations', async () => {
  const { container } = render(<storySets.TemplatePicker.TemplateSelected />);
  const user = userEvent.setup();
  await user.click(screen.getByRole('combobox', { name: 'Template' }));
  expect(screen.getByRole('listbox', { name: 'Templates' })).toBeVisible();
  expect(await violations(container)).toEqual([]);
  await user.keyboard('{Escape}');
  await user.click(screen.getByRole('button', { name: 'New template' }));
  await user.click(screen.getByRole('button', { name: 'Create template' }));
  expect(screen.getByRole('alert')).toBeInTheDocument();
  expect(await violations(container)).toEqual([]);
});
