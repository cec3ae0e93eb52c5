import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { OPT_OUT_FOOTER } from '../src/core';
import { MessagePreview, type MessagePreviewProps } from '../src/editor';
import { SAMPLE_VARIABLES } from './inspector-fixtures';

/** The preview with its fix and sample inputs wired to local state, as the inspector wires them. */
function InteractivePreview(props: MessagePreviewProps) {
  const [body, setBody] = useState(props.body);
  const [samples, setSamples] = useState<Record<string, string>>(props.sampleValues ?? {});
  return (
    <div style={{ maxWidth: 420, fontFamily: 'system-ui, sans-serif' }}>
      <MessagePreview
        {...props}
        body={body}
        onBodyChange={setBody}
        sampleValues={samples}
        onSampleValueChange={(key, value) => setSamples((s) => ({ ...s, [key]: value }))}
      />
    </div>
  );
}

const meta = {
  title: 'Inspector/MessagePreview',
  component: MessagePreview,
  render: (args) => <InteractivePreview {...args} />,
  args: { body: '' },
} satisfies Meta<typeof MessagePreview>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Empty: Story = {};

export const ShortGsm: Story = { args: { body: 'Your table for two is booked for 7pm. See you soon!' } };

/** A fixed value, a catalog sample, and an input still waiting for a sample (typed below the phone). */
export const WithSamples: Story = {
  args: {
    body: 'Hi {{first_name}}, your code is {{code}}. Bring {{document}}.',
    mapping: {
      first_name: { kind: 'variable', path: 'caller.first_name' },
      code: { kind: 'fixed', value: 'K7Q2' },
    },
    variables: SAMPLE_VARIABLES,
  },
};

export const TwoGsmSegments: Story = {
  args: {
    body: `${'Your appointment is confirmed for Tuesday at 10:30 at our Main Street office. '.repeat(2)}Thanks!`,
  },
};

/** Curly quotes, a long dash and an ellipsis: UCS-2 until the look-alike fix is applied. */
export const NonGsmWithLookAlikes: Story = {
  args: { body: 'We’re “almost” there — your order ships tomorrow…' },
};

export const LongUcs2WithEmoji: Story = {
  args: {
    body: `Gracias por llamar 🙏 ${'Tu cita está confirmada; te esperamos en la clínica. '.repeat(3)}`,
  },
};

/** 360 GSM-7 characters: billed as 3 segments, so the preview warns (it does from 307, or 135 in UCS-2). */
export const LongMessageWarning: Story = {
  args: { body: 'Reminder: your appointment is tomorrow. '.repeat(9) },
};

/** Over 1,600 characters once rendered: Twilio would refuse it (error 21617). */
export const TooLongForTwilio: Story = {
  args: {
    body: 'Terms: {{terms}}',
    mapping: { terms: { kind: 'fixed', value: 'All sales are final. '.repeat(80) } },
  },
};

/**
 * Markup in a value or in the text is shown as typed, never interpreted. (A bare tag such as `<b>` is a
 * Synthflow-style placeholder, an input named b; write `\<b>` to send it as text.)
 */
export const HtmlShownAsText: Story = {
  args: {
    body: 'Note: {{note}} <a href="javascript:alert(1)">not a link</a>',
    mapping: { note: { kind: 'fixed', value: '<img src=x onerror="alert(1)">' } },
  },
};

export const WithOptOutFooter: Story = {
  args: {
    body: `Spring sale: 20% off this weekend. (${OPT_OUT_FOOTER.length} characters of footer follow)`,
    optOutFooter: true,
  },
};
