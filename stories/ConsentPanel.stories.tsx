import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { fn } from 'storybook/test';
import type { Consent } from '../src/core/schemas/consent';
import { ConsentPanel, type ConsentPanelProps, InspectorStyles } from '../src/editor/inspector';
import { NODE_LABELS, SAMPLE_VARIABLES } from './inspector-fixtures';

function StatefulConsent(args: ConsentPanelProps) {
  const [consent, setConsent] = useState<Consent>(args.consent);
  return (
    <div style={{ maxWidth: 460 }}>
      <ConsentPanel
        {...args}
        consent={consent}
        onChange={(next) => {
          setConsent(next);
          args.onChange(next);
        }}
      />
    </div>
  );
}

const meta = {
  title: 'Inspector/ConsentPanel',
  component: ConsentPanel,
  decorators: [
    (Story) => (
      <>
        <InspectorStyles />
        <Story />
      </>
    ),
  ],
  render: (args) => <StatefulConsent {...args} />,
  args: {
    consent: { mode: 'not-required', reason: 'The caller asked for the link' },
    variables: SAMPLE_VARIABLES,
    nodeLabels: NODE_LABELS,
    declinedConnected: true,
    onChange: fn(),
  },
} satisfies Meta<typeof ConsentPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const NotRequired: Story = {};

export const AlreadyCollected: Story = { args: { consent: { mode: 'variable', path: 'crm.sms_consent' } } };

export const AskTheCaller: Story = {
  args: {
    consent: {
      mode: 'ask',
      question: 'May I text you the booking details?',
      yes: ['yes', 'sure', 'please do'],
      no: ['no', 'no thanks'],
      retries: 1,
    },
  },
};

export const AskBySms: Story = {
  args: {
    consent: {
      mode: 'sms-reply',
      question: 'Reply YES to get your booking details by text.',
      timeoutSeconds: 900,
    },
  },
};

export const DeclinedNotConnected: Story = {
  args: { ...AskTheCaller.args, declinedConnected: false },
};

/** An empty reason: the field shows the schema's complaint as the builder sees it. */
export const ValidationErrors: Story = { args: { consent: { mode: 'not-required', reason: '' } } };

export const SmsTimeoutTooShort: Story = {
  args: { consent: { mode: 'sms-reply', question: '', timeoutSeconds: 5 }, declinedConnected: false },
};
