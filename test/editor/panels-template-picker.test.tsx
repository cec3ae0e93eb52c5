import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { Environment } from '../../src/core/environments';
import type { FieldIssue } from '../../src/core/errors';
import type { SmsTemplate } from '../../src/core/schemas/template';
import { TemplateForm, TemplatePicker, type TemplatePickerProps } from '../../src/editor/inspector';
import {
  LIVE_SENDER,
  manyTemplates,
  SAMPLE_TEMPLATES,
  SANDBOX_SENDER,
} from '../../stories/inspector-fixtures';

type Spies = Pick<
  TemplatePickerProps,
  | 'onSelectTemplate'
  | 'onUseInline'
  | 'onCreateTemplate'
  | 'onUpdateTemplate'
  | 'onDuplicateTemplate'
  | 'onDeleteTemplate'
>;
interface Options {
  templates?: SmsTemplate[];
  selected?: string | null;
  environment?: Environment;
  createIssues?: FieldIssue[];
  templateStatus?: TemplatePickerProps['templateStatus'];
}

/** Holds the selection like the inspector's store would; everything else goes to the spies. */
function Harness({ options, spies }: { options: Options; spies: Spies }) {
  const [selected, setSelected] = useState(
    options.selected === undefined ? 'booking-confirmed' : options.selected,
  );
  return (
    <TemplatePicker
      templates={options.templates ?? SAMPLE_TEMPLATES}
      selectedTemplateId={selected}
      environment={options.environment ?? 'live'}
      templateStatus={options.templateStatus}
      {...spies}
      onSelectTemplate={(id) => {
        setSelected(id);
        spies.onSelectTemplate(id);
      }}
      onUseInline={() => {
        setSelected(null);
        spies.onUseInline();
      }}
    />
  );
}

function setup(options: Options = {}) {
  const spies = {
    onSelectTemplate: vi.fn<TemplatePickerProps['onSelectTemplate']>(),
    onUseInline: vi.fn<TemplatePickerProps['onUseInline']>(),
    onCreateTemplate: vi.fn<TemplatePickerProps['onCreateTemplate']>(() => options.createIssues),
    onUpdateTemplate: vi.fn<TemplatePickerProps['onUpdateTemplate']>(),
    onDuplicateTemplate: vi.fn<TemplatePickerProps['onDuplicateTemplate']>(),
    onDeleteTemplate: vi.fn<TemplatePickerProps['onDeleteTemplate']>(),
  };
  const user = userEvent.setup();
  render(<Harness options={options} spies={spies} />);
  return { user, ...spies, combobox: screen.getByRole('combobox', { name: 'Template' }) };
}

const optionTitles = () =>
  within(screen.getByRole('listbox', { name: 'Templates' }))
    .getAllByRole('option')
    .map((option) => option.querySelector('.fsms-option-title')?.textContent);

test('a combobox labelled "Template" shows the current template and opens with the keyboard', async () => {
  const { user, combobox } = setup();
  expect(combobox).toHaveValue('Booking confirmed');
  expect(combobox).toHaveAttribute('aria-expanded', 'false');
  await user.tab();
  expect(combobox).toHaveFocus();
  await user.keyboard('{ArrowDown}');
  expect(combobox).toHaveAttribute('aria-expanded', 'true');
  expect(optionTitles()).toEqual([
    'Inline message',
    'Booking confirmed',
    'Post-call follow-up',
    'Reservation at property',
  ]);
  // The current template is the active option when the list opens.
  const active = document.getElementById(combobox.getAttribute('aria-activedescendant') ?? '');
  expect(active).toHaveTextContent(/^Booking confirmed/);
  expect(active).toHaveAttribute('aria-selected', 'true');
});

test('each option shows the title, the start of the body and the sender for the environment', async () => {
  const { user, combobox } = setup({ environment: 'sandbox' });
  await user.click(combobox);
  const [, booking, followUp] = within(screen.getByRole('listbox')).getAllByRole('option');
  expect(booking).toHaveTextContent(`Booking confirmed`);
  expect(booking).toHaveTextContent('Hi {{caller.first_name}}, your appointment on');
  expect(booking).toHaveTextContent(`From ${SANDBOX_SENDER}`);
  expect(followUp).toHaveTextContent('No sandbox sender');
});

test('a selected template without a sender for the environment says which field to fill in', () => {
  setup({ environment: 'sandbox', selected: 'follow-up' });
  expect(
    screen.getByText(
      'Warning: this template has no sandbox sender, so nothing is sent in sandbox: edit it and fill in "Sandbox sender".',
    ),
  ).toBeInTheDocument();
});

test('typing searches titles and bodies; Enter picks the active option, Escape restores', async () => {
  const { user, combobox, onSelectTemplate, onUseInline } = setup();
  await user.click(combobox);
  await user.keyboard('property_name');
  expect(optionTitles()).toEqual(['Reservation at property']);
  await user.keyboard('{Enter}');
  expect(onSelectTemplate).toHaveBeenLastCalledWith('reservation');
  expect(combobox).toHaveValue('Reservation at property');
  expect(combobox).toHaveAttribute('aria-expanded', 'false');

  await user.clear(combobox);
  await user.keyboard('zzz');
  expect(screen.getByText('No template matches “zzz”.')).toBeInTheDocument();
  await user.keyboard('{Escape}');
  expect(combobox).toHaveValue('Reservation at property');

  await user.clear(combobox);
  await user.keyboard('inline{Enter}');
  expect(onUseInline).toHaveBeenCalledTimes(1);
  expect(combobox).toHaveValue('Inline message');
});

test('the match count is announced from a polite live region that is there before typing starts', async () => {
  const { user, combobox } = setup();
  const politeRegions = () => [...document.querySelectorAll('[aria-live="polite"]')];
  const before = politeRegions();
  await user.click(combobox);
  await user.keyboard('zzz');
  const count = screen.getByText('No template matches “zzz”.');
  const region = count.closest('[aria-live="polite"]');
  expect(region).not.toBeNull();
  expect(before).toContain(region);
  expect(combobox).toHaveAccessibleDescription('No template matches “zzz”.');
  await user.clear(combobox);
  await user.keyboard('property_name');
  expect(region).toHaveTextContent(/^1 choice\.$/);
});

test('200 templates: the list stays short and typing narrows it', async () => {
  const { user, combobox, onSelectTemplate } = setup({
    templates: manyTemplates(200),
    selected: 'template-150',
  });
  expect(combobox).toHaveValue('Order notice 150');
  await user.click(combobox);
  expect(screen.getByText('Showing 100 of 201 choices; type to narrow the list.')).toBeInTheDocument();
  expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(100);
  await user.clear(combobox);
  await user.keyboard('refund notice 19');
  // Titles starting with the query come before those that only hold its words.
  expect(optionTitles()).toEqual(['Refund notice 191', 'Refund notice 199', 'Refund notice 119']);
  await user.keyboard('9');
  expect(optionTitles()).toEqual(['Refund notice 199']);
  await user.keyboard('{Enter}');
  expect(onSelectTemplate).toHaveBeenLastCalledWith('template-199');
});

test('creating a template shows the schema’s errors as you type, then saves and selects it', async () => {
  const { user, onCreateTemplate, onSelectTemplate } = setup();
  await user.click(screen.getByRole('button', { name: 'New template' }));
  const form = screen.getByRole('form', { name: 'New template' });
  const title = within(form).getByLabelText('Title');
  expect(title).toHaveFocus();

  await user.type(title, 'x'.repeat(101));
  expect(title).toHaveAccessibleDescription(/Title must be at most 100 characters/);
  await user.clear(title);
  await user.type(title, 'booking CONFIRMED');
  expect(title).toHaveAccessibleDescription(/Title is already used by another template/);
  await user.clear(title);
  await user.type(title, 'Running late');

  const live = within(form).getByLabelText(/^Live sender/);
  await user.type(live, '4155550100');
  expect(live).toHaveAttribute('aria-invalid', 'true');
  expect(live).toHaveAccessibleDescription(/E\.164 phone number/);
  await user.clear(live);
  await user.type(live, LIVE_SENDER);
  expect(live).not.toHaveAttribute('aria-invalid');

  const body = within(form).getByRole('textbox', { name: 'Body' });
  await user.click(body);
  await user.keyboard('Sorry {{{{name}}, we are 10 minutes late.');
  await user.click(within(form).getByRole('button', { name: 'Create template' }));

  expect(onCreateTemplate).toHaveBeenCalledWith({
    id: 'running-late',
    title: 'Running late',
    body: 'Sorry {{name}}, we are 10 minutes late.',
    senders: { live: LIVE_SENDER },
  });
  expect(onSelectTemplate).toHaveBeenLastCalledWith('running-late');
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
  expect(screen.getByRole('status')).toHaveTextContent('Created “Running late”.');
});

test('saving an empty form lists the problems and focuses the first field to fix', async () => {
  const { user, onCreateTemplate } = setup();
  await user.click(screen.getByRole('button', { name: 'New template' }));
  await user.click(screen.getByRole('button', { name: 'Create template' }));
  expect(screen.getByRole('alert')).toHaveTextContent('Fix 3 problems before saving.');
  const form = screen.getByRole('form', { name: 'New template' });
  expect(within(form).getByLabelText('Title')).toHaveFocus();
  expect(within(form).getByLabelText('Title')).toHaveAccessibleDescription(/Title must not be empty/);
  expect(within(form).getByText('Body must not be empty')).toBeInTheDocument();
  expect(within(form).getByLabelText(/^Live sender/)).toHaveAccessibleDescription(/Live sender is required/);
  // An optional sender may stay empty, but what is typed must be valid.
  const sandbox = within(form).getByLabelText(/^Sandbox sender/);
  expect(sandbox).not.toHaveAttribute('aria-invalid');
  await user.type(sandbox, 'MG123');
  expect(sandbox).toHaveAccessibleDescription(/Messaging Service SID/);
  expect(onCreateTemplate).not.toHaveBeenCalled();
});

test('issues returned by the store are shown on their fields and keep the form open', async () => {
  const { user, onSelectTemplate } = setup({
    createIssues: [{ field: 'title', message: 'is reserved by your organisation' }],
  });
  await user.click(screen.getByRole('button', { name: 'New template' }));
  const form = screen.getByRole('form', { name: 'New template' });
  await user.type(within(form).getByLabelText('Title'), 'Reserved');
  await user.click(within(form).getByRole('textbox', { name: 'Body' }));
  await user.keyboard('Hello');
  await user.type(within(form).getByLabelText(/^Live sender/), LIVE_SENDER);
  await user.click(within(form).getByRole('button', { name: 'Create template' }));
  expect(within(form).getByLabelText('Title')).toHaveAccessibleDescription(
    /Title is reserved by your organisation/,
  );
  expect(onSelectTemplate).not.toHaveBeenCalled();
});

test('editing the selected template saves through onUpdateTemplate', async () => {
  const { user, onUpdateTemplate } = setup();
  await user.click(screen.getByRole('button', { name: 'Edit template' }));
  const form = screen.getByRole('form', { name: 'Edit template “Booking confirmed”' });
  const sandbox = within(form).getByLabelText(/^Sandbox sender/);
  expect(sandbox).toHaveValue(SANDBOX_SENDER);
  await user.clear(sandbox);
  await user.click(within(form).getByRole('button', { name: 'Save template' }));
  expect(onUpdateTemplate).toHaveBeenCalledWith('booking-confirmed', {
    ...SAMPLE_TEMPLATES[0],
    senders: { live: LIVE_SENDER },
  });
});

test('Escape cancels the form without saving', async () => {
  const { user, onCreateTemplate } = setup();
  await user.click(screen.getByRole('button', { name: 'New template' }));
  await user.keyboard('Draft{Escape}');
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
  expect(onCreateTemplate).not.toHaveBeenCalled();
});

test('duplicating the selected template', async () => {
  const { user, onDuplicateTemplate } = setup();
  await user.click(screen.getByRole('button', { name: 'Duplicate template' }));
  expect(onDuplicateTemplate).toHaveBeenCalledWith('booking-confirmed');
  expect(screen.getByRole('status')).toHaveTextContent('Duplicated “Booking confirmed”.');
});

test('deleting asks for confirmation first; Cancel keeps the template', async () => {
  const { user, onDeleteTemplate } = setup();
  await user.click(screen.getByRole('button', { name: 'Delete template' }));
  const dialog = screen.getByRole('alertdialog', { name: 'Delete “Booking confirmed”?' });
  expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
  await user.keyboard('{Enter}');
  expect(onDeleteTemplate).not.toHaveBeenCalled();
  expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Delete template' }));
  await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
  expect(onDeleteTemplate).toHaveBeenCalledWith('booking-confirmed');
  expect(screen.getByRole('status')).toHaveTextContent('Deleted “Booking confirmed”.');
});

test('inline messages offer only a new template', () => {
  setup({ selected: null });
  expect(screen.getByRole('combobox', { name: 'Template' })).toHaveValue('Inline message');
  expect(screen.getByRole('button', { name: 'New template' })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Delete template' })).not.toBeInTheDocument();
});

test.each([
  [
    'still loading',
    'loading',
    'Templates are loading… (booking-confirmed)',
    /Its text shows once templates have loaded/,
  ],
  [
    'that failed to load',
    'error',
    'Templates could not be loaded (booking-confirmed)',
    /Reload to try again/,
  ],
] as const)(
  'a library %s does not call the node’s template missing, nor offer to unlink it',
  async (_, templateStatus, label, hint) => {
    const { user, combobox, onUseInline } = setup({ templates: [], templateStatus });
    expect(combobox).toHaveValue(label);
    expect(screen.getByText(hint)).toBeInTheDocument();
    // Inline would start from an empty text: the template's body is not known yet.
    await user.click(combobox);
    expect(screen.queryByRole('option', { name: /Inline message/ })).toBeNull();
    await user.keyboard('{Enter}');
    expect(onUseInline).not.toHaveBeenCalled();
  },
);

test('once templates are loaded, a template that is not there is called missing', async () => {
  const { user, combobox } = setup({ templates: [], templateStatus: 'ready' });
  expect(combobox).toHaveValue('Missing template (booking-confirmed)');
  await user.click(combobox);
  expect(optionTitles()).toEqual(['Inline message']);
});

test('a body over 500 characters is refused with the limit named', async () => {
  const onSubmit = vi.fn();
  const user = userEvent.setup();
  render(
    <TemplateForm
      templates={SAMPLE_TEMPLATES}
      environment="live"
      initialDraft={{ title: 'Long one', body: 'x'.repeat(501), live: LIVE_SENDER }}
      onSubmit={onSubmit}
      onCancel={() => {}}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Create template' }));
  expect(screen.getByRole('alert')).toHaveTextContent('Fix 1 problem before saving.');
  expect(screen.getByText('Body must be at most 500 characters')).toBeInTheDocument();
  expect(screen.getByRole('textbox', { name: 'Body' })).toHaveAttribute('aria-invalid', 'true');
  expect(onSubmit).not.toHaveBeenCalled();
});

test('a refusal about the library, not a field (templates still loading), is said in the alert, not on the title', async () => {
  const onSubmit = vi.fn(() => [
    { field: '', message: 'Templates are still loading; try again in a moment' },
  ]);
  const user = userEvent.setup();
  render(
    <TemplateForm
      templates={SAMPLE_TEMPLATES}
      environment="live"
      initialDraft={{ title: 'Fresh one', body: 'Hello', live: LIVE_SENDER }}
      onSubmit={onSubmit}
      onCancel={() => {}}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Create template' }));
  expect(onSubmit).toHaveBeenCalled();
  expect(screen.getByRole('alert')).toHaveTextContent('Templates are still loading; try again in a moment');
  expect(screen.getByRole('textbox', { name: 'Title' })).not.toHaveAttribute('aria-invalid');
  expect(screen.queryByText(/^Title Templates/)).toBeNull();
});
