import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { fn } from 'storybook/test';
import type { InputSource } from '../src/core/schemas/input-source';
import { InputMappingPanel, type InputMappingPanelProps, InspectorStyles } from '../src/editor/inspector';
import { manyVariables, NODE_LABELS, SAMPLE_VARIABLES } from './inspector-fixtures';

function StatefulMapping(args: InputMappingPanelProps) {
  const [mapping, setMapping] = useState<Record<string, InputSource>>(args.mapping);
  return (
    <div style={{ maxWidth: 460 }}>
      <InputMappingPanel
        {...args}
        mapping={mapping}
        onChange={(next) => {
          setMapping(next);
          args.onChange(next);
        }}
      />
    </div>
  );
}

const meta = {
  title: 'Inspector/InputMappingPanel',
  component: InputMappingPanel,
  decorators: [
    (Story) => (
      <>
        <InspectorStyles />
        <Story />
      </>
    ),
  ],
  render: (args) => <StatefulMapping {...args} />,
  args: {
    inputs: ['customer_name', 'appointment_date', 'link'],
    mapping: {},
    variables: SAMPLE_VARIABLES,
    nodeLabels: NODE_LABELS,
    onChange: fn(),
  },
} satisfies Meta<typeof InputMappingPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Unmapped: Story = {};

export const Mapped: Story = {
  args: {
    mapping: {
      customer_name: { kind: 'variable', path: 'caller.first_name', fallback: 'there' },
      appointment_date: { kind: 'variable', path: 'booking.date', fallback: 'soon' },
      link: { kind: 'fixed', value: 'https://example.com/b/42' },
    },
  },
};

/** Problems from flow validation, a partial variable without fallback, and a stale mapping. */
export const WithDiagnostics: Story = {
  args: {
    mapping: {
      customer_name: { kind: 'variable', path: 'caller.nickname' },
      appointment_date: { kind: 'variable', path: 'booking.date' },
      old_input: { kind: 'fixed', value: 'left over' },
    },
    diagnostics: [
      {
        field: 'inputs.customer_name',
        message: 'caller.nickname is not set by any node before this one',
        severity: 'error',
      },
    ],
  },
};

export const NoInputs: Story = { args: { inputs: [] } };

export const ThousandVariables: Story = { args: { variables: manyVariables(1200) } };
