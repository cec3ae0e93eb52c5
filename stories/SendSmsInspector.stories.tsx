import type { Meta, StoryObj } from '@storybook/react-vite';
import { SendSmsInspector } from '../src/editor';
import { manyTemplates, SAMPLE_TEMPLATES } from './inspector-fixtures';
import { emptyNodeData, flowWith, PluginCanvas, smsNode } from './plugin-fixtures';

const meta = {
  title: 'Inspector/SendSmsInspector',
  component: SendSmsInspector,
  parameters: { layout: 'fullscreen' },
  args: { nodeId: 'sms' },
} satisfies Meta<typeof SendSmsInspector>;
export default meta;

type Story = StoryObj<typeof meta>;

/** A new node straight from the palette. */
export const NewNode: Story = {
  render: () => <PluginCanvas {...flowWith(smsNode(emptyNodeData()))} inspect="sms" />,
};

/** A template with every input mapped (a variable, a variable with a fallback, a fixed value), consent from an upstream variable. */
export const TemplateMapped: Story = {
  parameters: { flowSms: { noProblems: true } },
  render: () => (
    <PluginCanvas
      {...flowWith(
        smsNode({
          message: { templateId: 'booking-confirmed' },
          inputs: {
            'caller.first_name': { kind: 'variable', path: 'caller.first_name', fallback: 'there' },
            'booking.date': { kind: 'variable', path: 'booking.date' },
            'booking.code': { kind: 'fixed', value: 'K7Q2' },
          },
          consent: { mode: 'variable', path: 'crm.sms_consent' },
        }),
        { connect: ['sent', 'declined', 'opted_out', 'failed'] },
      )}
      inspect="sms"
    />
  ),
};

/** Inline text with problems: an unknown variable, consent asked with Declined unconnected. */
export const InlineWithProblems: Story = {
  render: () => (
    <PluginCanvas
      {...flowWith(
        smsNode({
          message: { body: 'Hi {{nickname}}, we’ll call you back at {{callback.time}}…' },
          consent: { mode: 'ask', question: 'May I text you when we will call back?' },
        }),
      )}
      inspect="sms"
    />
  ),
};

/** 1,000+ upstream variables (a CRM lookup) and 200 templates: the lists must stay usable. */
export const ManyVariablesAndTemplates: Story = {
  render: () => (
    <PluginCanvas
      {...flowWith(
        smsNode({
          message: { body: 'Hello {{crm.field_0042}}, your ticket {{crm.field_0999}} is updated.' },
          consent: { mode: 'sms-reply', question: 'Reply YES to get ticket updates by text' },
        }),
        { crm: true },
      )}
      templates={[...SAMPLE_TEMPLATES, ...manyTemplates(200)]}
      inspect="sms"
    />
  ),
};
