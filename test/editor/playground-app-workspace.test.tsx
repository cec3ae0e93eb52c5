import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_TEMPLATE_STORAGE_KEY } from 'flow-sms/editor';
import { exampleFlow } from '../../playground/src/example-flow';
import { PLAYGROUND_FLOW_STORAGE_KEY } from '../../playground/src/saved-flow';

// The test run panel polls the sandbox API, which is not running here.
vi.mock('../../playground/src/api', () => ({
  sandboxApi: {
    run: vi.fn(),
    conversation: vi.fn(() => new Promise(() => {})),
    reply: vi.fn(),
    stats: vi.fn(() => new Promise(() => {})),
  },
}));

const EXAMPLE_TEMPLATES = exampleFlow.templates ?? [];
const EXAMPLE_NODES = ['Start', 'Set variables', 'Send SMS', 'End: Sent', 'End: No SMS'];

/** Opens the playground as a page load does: its module runs afresh against this browser's storage. */
async function openPlayground() {
  vi.resetModules();
  const { App } = await import('../../playground/src/App');
  render(<App />);
  return userEvent.setup();
}

const canvas = () => screen.getByRole('main', { name: 'Flow canvas' });
// React Flow hides nodes until it has measured them, which jsdom never does: found by their names.
const canvasNodes = () =>
  within(canvas())
    .getAllByRole('group', { hidden: true })
    .map((node) => node.getAttribute('aria-label'));

/** The template titles the Send SMS node's picker offers. */
async function templateTitles(user: ReturnType<typeof userEvent.setup>) {
  const sms = canvas().querySelector<HTMLElement>('[aria-label="Send SMS"]');
  sms?.focus();
  await user.keyboard('{Enter}');
  const inspector = screen.getByRole('complementary', { name: 'Inspector' });
  await user.click(within(inspector).getByRole('combobox', { name: 'Template' }));
  return within(screen.getByRole('listbox', { name: 'Templates' }))
    .getAllByRole('option')
    .map((option) => option.querySelector('.fsms-option-title')?.textContent)
    .filter((title) => title !== 'Inline message');
}

beforeEach(() => localStorage.clear());

test('a new workspace starts with the example’s templates', async () => {
  const user = await openPlayground();
  expect(await templateTitles(user)).toEqual(['Appointment reminder', 'Post-call follow-up']);
});

test('reloading the page keeps the templates the builder made and edited', async () => {
  const [reminder, ...others] = EXAMPLE_TEMPLATES;
  const stored = [
    { ...reminder, title: 'Reminder (our wording)' },
    ...others,
    { id: 'clinic_closed', title: 'Clinic closed', body: 'We are closed today.', senders: reminder?.senders },
  ];
  localStorage.setItem(DEFAULT_TEMPLATE_STORAGE_KEY, JSON.stringify(stored));
  const user = await openPlayground();
  expect(await templateTitles(user)).toEqual([
    'Reminder (our wording)',
    'Post-call follow-up',
    'Clinic closed',
  ]);
});

test('a flow file whose templates repeat an id is refused with the reason, and the canvas stays as it was', async () => {
  const user = await openPlayground();
  const template = {
    title: 'Reminder',
    body: 'See you soon.',
    senders: { sandbox: '+15005550006', live: '+14155550100' },
  };
  const file = jsonFile('twice.json', {
    templates: [
      { id: 'reminder', ...template },
      { id: 'reminder', ...template, title: 'Another reminder' },
    ],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'end', type: 'end', position: { x: 200, y: 0 }, data: { label: 'Loaded' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'end' }],
  });
  await user.upload(screen.getByLabelText('Load flow'), file);

  expect(await screen.findByRole('alert')).toHaveTextContent(
    'Invalid flow file twice.json: templates.1.id repeats the id "reminder" of an earlier template',
  );
  expect(canvasNodes()).toEqual(EXAMPLE_NODES);
  expect(await templateTitles(user)).toEqual(['Appointment reminder', 'Post-call follow-up']);
});

/** A JSON file to open; jsdom's File lacks the text() the toolbar reads it with, so it is added. */
function jsonFile(name: string, content: unknown): File {
  const text = JSON.stringify(content);
  return Object.assign(new File([text], name, { type: 'application/json' }), {
    text: async () => text,
  });
}

test('reloading the page keeps the flow on the canvas and its environment, not the example', async () => {
  let user = await openPlayground();
  const file = jsonFile('mine.json', {
    environment: 'live',
    templates: EXAMPLE_TEMPLATES,
    senders: { sandbox: '+15005550006', live: '+14155550100' },
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'end', type: 'end', position: { x: 200, y: 0 }, data: { label: 'Mine' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'end' }],
  });
  await user.upload(screen.getByLabelText('Load flow'), file);
  expect(canvasNodes()).toEqual(['Start', 'End: Mine']);
  await user.selectOptions(screen.getByRole('combobox', { name: 'Environment' }), 'Pre-release');

  cleanup();
  user = await openPlayground();
  expect(canvasNodes()).toEqual(['Start', 'End: Mine']);
  expect(screen.getByRole('combobox', { name: 'Environment' })).toHaveValue('pre-release');
});

test('a stored flow that no longer reads as one opens the example instead of a broken canvas', async () => {
  localStorage.setItem(PLAYGROUND_FLOW_STORAGE_KEY, '{"nodes": "not a list"');
  await openPlayground();
  expect(canvasNodes()).toEqual(EXAMPLE_NODES);
});
