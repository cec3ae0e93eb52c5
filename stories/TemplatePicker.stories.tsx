import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import type { SmsTemplate } from '../src/core/schemas/template';
import {
  InspectorStyles,
  TemplatePicker,
  type TemplatePickerProps,
  templateIdFor,
} from '../src/editor/inspector';
import { manyTemplates, SAMPLE_TEMPLATES } from './inspector-fixtures';

/** Keeps templates and the selection in local state, so create/edit/duplicate/delete work in the story. */
function StatefulPicker(args: TemplatePickerProps) {
  const [templates, setTemplates] = useState<SmsTemplate[]>(args.templates);
  const [selected, setSelected] = useState(args.selectedTemplateId);
  return (
    <div style={{ maxWidth: 460 }}>
      <TemplatePicker
        {...args}
        templates={templates}
        selectedTemplateId={selected}
        onSelectTemplate={(id) => {
          setSelected(id);
          args.onSelectTemplate(id);
        }}
        onUseInline={() => {
          setSelected(null);
          args.onUseInline();
        }}
        // Kept only when the story's store accepts it, as a real TemplateStorage would.
        onCreateTemplate={(template) => {
          const issues = args.onCreateTemplate(template);
          if (!issues?.length) setTemplates((list) => [...list, template]);
          return issues;
        }}
        onUpdateTemplate={(id, template) => {
          const issues = args.onUpdateTemplate(id, template);
          if (!issues?.length) setTemplates((list) => list.map((t) => (t.id === id ? template : t)));
          return issues;
        }}
        onDuplicateTemplate={(id) => {
          setTemplates((list) => {
            const original = list.find((t) => t.id === id);
            if (!original) return list;
            const title = `${original.title} (copy)`;
            return [
              ...list,
              { ...original, id: templateIdFor(title, new Set(list.map((t) => t.id))), title },
            ];
          });
          args.onDuplicateTemplate(id);
        }}
        onDeleteTemplate={(id) => {
          setTemplates((list) => list.filter((t) => t.id !== id));
          if (selected === id) setSelected(null);
          args.onDeleteTemplate(id);
        }}
      />
    </div>
  );
}

const meta = {
  title: 'Inspector/TemplatePicker',
  component: TemplatePicker,
  decorators: [
    (Story) => (
      <>
        <InspectorStyles />
        <Story />
      </>
    ),
  ],
  render: (args) => <StatefulPicker {...args} />,
  args: {
    templates: SAMPLE_TEMPLATES,
    selectedTemplateId: 'booking-confirmed',
    environment: 'live',
    onSelectTemplate: fn(),
    onUseInline: fn(),
    onCreateTemplate: fn(),
    onUpdateTemplate: fn(),
    onDuplicateTemplate: fn(),
    onDeleteTemplate: fn(),
  },
} satisfies Meta<typeof TemplatePicker>;
export default meta;
type Story = StoryObj<typeof meta>;

export const TemplateSelected: Story = {};

/** A node with its own text: "New template" starts from it, so the text survives becoming a template. */
export const InlineMessage: Story = {
  args: { selectedTemplateId: null, inlineBody: 'Hi {{caller.first_name}}, your table is ready.' },
};

export const NoSandboxSender: Story = { args: { selectedTemplateId: 'follow-up', environment: 'sandbox' } };

export const TwoHundredTemplates: Story = {
  args: { templates: manyTemplates(200), selectedTemplateId: 'template-150' },
};

export const MissingTemplate: Story = { args: { selectedTemplateId: 'deleted-elsewhere' } };

/** The store refuses every new template, as a host with its own rules might: the form says why. */
export const StoreRejectsCreate: Story = {
  args: {
    onCreateTemplate: fn(() => [{ field: 'title', message: 'is reserved by your organisation' }]),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'New template' }));
    await userEvent.type(canvas.getByLabelText('Title'), 'Holiday hours');
    await userEvent.type(canvas.getByLabelText('Body'), 'We are closed on Monday.');
    await userEvent.type(canvas.getByLabelText(/^Live sender/), '+14155550100');
    await userEvent.click(canvas.getByRole('button', { name: 'Create template' }));
    await expect(await canvas.findByText(/is reserved by your organisation/)).toBeTruthy();
  },
};
