import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { fn } from 'storybook/test';
import { CALLER_NUMBER_PATH } from '../src/core/schemas/send-sms-node';
import {
  InspectorStyles,
  RecipientTimingPanel,
  type RecipientTimingPanelProps,
} from '../src/editor/inspector';
import { NODE_LABELS, SAMPLE_VARIABLES } from './inspector-fixtures';

function StatefulRecipient(args: RecipientTimingPanelProps) {
  const [state, setState] = useState({
    to: args.to,
    timing: args.timing,
    trigger: args.trigger,
    optOutFooter: args.optOutFooter,
  });
  return (
    <div style={{ maxWidth: 460 }}>
      <RecipientTimingPanel
        {...args}
        {...state}
        onChange={(patch) => {
          setState((current) => ({ ...current, ...patch }));
          args.onChange(patch);
        }}
      />
    </div>
  );
}

const meta = {
  title: 'Inspector/RecipientTimingPanel',
  component: RecipientTimingPanel,
  decorators: [
    (Story) => (
      <>
        <InspectorStyles />
        <Story />
      </>
    ),
  ],
  render: (args) => <StatefulRecipient {...args} />,
  args: {
    to: { kind: 'variable', path: CALLER_NUMBER_PATH },
    timing: 'during-call',
    trigger: '',
    optOutFooter: false,
    variables: SAMPLE_VARIABLES,
    nodeLabels: NODE_LABELS,
    onChange: fn(),
  },
} satisfies Meta<typeof RecipientTimingPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Defaults: Story = {};

export const AfterCallWithTrigger: Story = {
  args: { timing: 'after-call', trigger: 'The caller confirmed the appointment', optOutFooter: true },
};

export const FixedRecipient: Story = { args: { to: { kind: 'fixed', value: '+14155550123' } } };

export const InvalidFixedRecipient: Story = { args: { to: { kind: 'fixed', value: '415 555' } } };
