import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TemplatePicker, type TemplatePickerProps } from '../../src/editor/inspector';
import { LIVE_SENDER, SAMPLE_TEMPLATES } from '../../stories/inspector-fixtures';

function setup(props: Partial<TemplatePickerProps>) {
  const onCreateTemplate = vi.fn<TemplatePickerProps['onCreateTemplate']>();
  const onSelectTemplate = vi.fn<TemplatePickerProps['onSelectTemplate']>();
  render(
    <TemplatePicker
      templates={SAMPLE_TEMPLATES}
      selectedTemplateId={null}
      environment="live"
      onSelectTemplate={onSelectTemplate}
      onUseInline={() => {}}
      onCreateTemplate={onCreateTemplate}
      onUpdateTemplate={() => {}}
      onDuplicateTemplate={() => {}}
      onDeleteTemplate={() => {}}
      {...props}
    />,
  );
  return { user: userEvent.setup(), onCreateTemplate, onSelectTemplate };
}

test('a new template made on a node with an inline message starts from that message, which it then replaces', async () => {
  const { user, onCreateTemplate, onSelectTemplate } = setup({
    inlineBody: 'Your table is ready, {{name}}.',
  });
  await user.click(screen.getByRole('button', { name: 'New template' }));
  const form = screen.getByRole('form', { name: 'New template' });
  expect(within(form).getByRole('textbox', { name: 'Body' })).toHaveTextContent(
    'Your table is ready, {{name}}.',
  );
  await user.type(within(form).getByLabelText('Title'), 'Table ready');
  await user.type(within(form).getByLabelText(/^Live sender/), LIVE_SENDER);
  await user.click(within(form).getByRole('button', { name: 'Create template' }));
  expect(onCreateTemplate).toHaveBeenCalledWith(
    expect.objectContaining({ title: 'Table ready', body: 'Your table is ready, {{name}}.' }),
  );
  expect(onSelectTemplate).toHaveBeenLastCalledWith('table-ready');
});

test('a node already on a template starts a new template empty', async () => {
  const { user } = setup({ selectedTemplateId: 'booking-confirmed', inlineBody: 'stale text' });
  await user.click(screen.getByRole('button', { name: 'New template' }));
  expect(screen.getByRole('textbox', { name: 'Body' })).toHaveTextContent('');
});
