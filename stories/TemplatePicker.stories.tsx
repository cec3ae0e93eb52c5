import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { fn } from 'storybook/test';
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
        onCreateTemplate={(template) => {
          setTemplates((list) => [...list, template]);
          return args.onCreateTemplate(template);
        }}
        onUpdateTemplate={(id, template) => {
          setTemplates((list) => list.map((t) => (t.id === id ? template : t)));
          return args.onUpdateTemplate(id, template);
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

export const InlineMessage: Story = { args: { selectedTemplateId: null } };

export const NoSandboxSender: Story = { args: { selectedTemplateId: 'follow-up', environment: 'sandbox' } };

export const TwoHundredTemplates: Story = {
  args: { templates: manyTemplates(200), selectedTemplateId: 'template-150' },
};

export const MissingTemplate: Story = { args: { selectedTemplateId: 'deleted-elsewhere' } };

/** The store refuses every new template, as a host with its own rules might. */
export const StoreRejectsCreate: Story = {
  args: {
    onCreateTemplate: fn(() => [{ field: 'title', message: 'is reserved by your organisation' }]),
  },
};
