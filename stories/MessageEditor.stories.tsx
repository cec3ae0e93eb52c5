import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { fn } from 'storybook/test';
import { InspectorStyles, MessageEditor, type MessageEditorProps } from '../src/editor/inspector';
import { manyVariables, NODE_LABELS, SAMPLE_VARIABLES } from './inspector-fixtures';

/** The editor is controlled; stories keep the text in local state, as the inspector's store would. */
function StatefulEditor(args: MessageEditorProps) {
  const [value, setValue] = useState(args.value);
  return (
    <div style={{ maxWidth: 420 }}>
      <MessageEditor
        {...args}
        value={value}
        onChange={(next) => {
          setValue(next);
          args.onChange(next);
        }}
      />
    </div>
  );
}

const meta = {
  title: 'Inspector/MessageEditor',
  component: MessageEditor,
  decorators: [
    (Story) => (
      <>
        <InspectorStyles />
        <Story />
      </>
    ),
  ],
  render: (args) => <StatefulEditor {...args} />,
  args: {
    value: '',
    onChange: fn(),
    variables: SAMPLE_VARIABLES,
    nodeLabels: NODE_LABELS,
  },
} satisfies Meta<typeof MessageEditor>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = { args: { placeholder: 'Type {{ to insert a variable' } };

export const WithTokens: Story = {
  args: {
    value:
      'Hi {{caller.first_name}}, your appointment on {{booking.date | "soon"}} is confirmed. Code: {{booking.code}}.',
  },
};

/** Tokens pasted from other platforms, one unknown variable and two malformed tokens. */
export const WithProblems: Story = {
  args: {
    value:
      'Hi <customer_name>, see you {{booking.date}}. Ref {{vrbl:CONFIRMATION_CODE}} {{ }} and {{first name',
  },
};

/** 170 characters of text with an emoji: UCS-2, 3 segments. */
export const LongUcs2WithEmoji: Story = {
  args: {
    value: `Hi {{caller.first_name}} 👋 ${'Your order is on its way and will arrive tomorrow between 9 and 11. '.repeat(2)}Thanks!`,
  },
};

export const ThousandVariables: Story = {
  args: { value: 'Value: {{step_03.field_3}}', variables: manyVariables(1200) },
};

export const Invalid: Story = {
  args: { value: '', invalid: true, label: 'Message (required)' },
};
