import type { Meta, StoryObj } from '@storybook/react-vite';
import { SendSmsNode } from '../src/editor';
import { emptyNodeData, flowWith, largeFlow, PluginCanvas, smsNode } from './plugin-fixtures';

const ALL_BRANCHES = ['sent', 'declined', 'opted_out', 'failed'];
const notRequired = { mode: 'not-required', reason: 'The caller asked for the booking link' } as const;

/** The booking template with every input mapped to a variable set upstream. */
const bookingTemplateNode = (consent: Parameters<typeof smsNode>[0]['consent'] = notRequired) =>
  smsNode({
    message: { templateId: 'booking-confirmed' },
    inputs: {
      'caller.first_name': { kind: 'variable', path: 'caller.first_name' },
      'booking.date': { kind: 'variable', path: 'booking.date' },
      'booking.code': { kind: 'variable', path: 'booking.code' },
    },
    consent,
  });

// The node takes React Flow's props, which only a canvas can supply; stories render a canvas.
const meta: Meta = {
  title: 'Canvas/SendSmsNode',
  component: SendSmsNode,
  parameters: { layout: 'fullscreen' },
};
export default meta;

type Story = StoryObj;

/** The node lives on a canvas, inside the plugin's Provider; each story draws a small flow. */
const onCanvas = (graph: ReturnType<typeof flowWith>): Story => ({
  render: () => <PluginCanvas {...graph} />,
});

/** Fresh from the palette: no message yet, consent asked. */
export const Empty = onCanvas(flowWith(smsNode(emptyNodeData())));

/**
 * A template whose inputs are all mapped to variables set upstream, a sandbox sender and every
 * branch connected: no problems (the stories test checks it).
 */
export const Valid: Story = {
  ...onCanvas(
    flowWith(bookingTemplateNode({ mode: 'variable', path: 'crm.sms_consent' }), { connect: ALL_BRANCHES }),
  ),
  parameters: { flowSms: { noProblems: true } },
};

/** Inline text with an input no step sets (nickname), a recipient variable no step sets, and unconnected branches. */
export const WithProblems = onCanvas(
  flowWith(
    smsNode({
      message: { body: 'Hi {{nickname}}, your code is {{booking.code}}' },
      to: { kind: 'variable', path: 'caller.mobile' },
      consent: { mode: 'ask', question: 'May I text you the code?' },
    }),
  ),
);

/** Cyrillic text and an emoji: UCS-2, 4 segments (more than 3: the node warns). */
export const LongUcs2WithEmoji = onCanvas(
  flowWith(
    smsNode({
      message: {
        body: `Здравствуйте, {{caller.first_name}}! 🎉 ${'Ваша запись подтверждена, ждём вас в клинике. '.repeat(4)}`,
      },
      consent: notRequired,
    }),
    { connect: ['sent', 'opted_out', 'failed'] },
  ),
);

/** Consent not required: no Declined handle. */
export const ConsentNotRequired = onCanvas(
  flowWith(
    smsNode({
      message: { body: 'Here is the link you asked for: https://example.com/b' },
      consent: notRequired,
    }),
  ),
);

/** Consent collected earlier in the flow (a variable): Declined handle shown. */
export const ConsentFromVariable = onCanvas(
  flowWith(
    smsNode({
      message: { body: 'Your code: {{booking.code}}' },
      consent: { mode: 'variable', path: 'crm.sms_consent' },
    }),
  ),
);

/** The host asks the caller during the call: Declined handle shown. */
export const ConsentAskCaller = onCanvas(
  flowWith(
    smsNode({
      message: { body: 'Your code: {{booking.code}}' },
      consent: { mode: 'ask', question: 'Can I text you the code?' },
    }),
  ),
);

/** A question by SMS, waiting for YES/NO: Declined handle shown. */
export const ConsentSmsReply = onCanvas(
  flowWith(
    smsNode({
      message: { body: 'Your code: {{booking.code}}' },
      consent: { mode: 'sms-reply', question: 'Reply YES to get your code by text', timeoutSeconds: 600 },
    }),
  ),
);

/** The node names a template that is not in the library (deleted, or from another workspace). */
export const UnknownTemplate: Story = {
  render: () => (
    <PluginCanvas {...flowWith(bookingTemplateNode(), { connect: ALL_BRANCHES })} templates={[]} />
  ),
};

/** The host's template storage has not answered yet: the template is not called missing. */
export const TemplatesLoading: Story = {
  render: () => (
    <PluginCanvas
      {...flowWith(bookingTemplateNode(), { connect: ALL_BRANCHES })}
      templateStorage={{ load: () => new Promise<never>(() => {}), save: () => {} }}
    />
  ),
};

/** The host's template storage failed: the node keeps its template and says templates could not be loaded. */
export const TemplatesFailedToLoad: Story = {
  render: () => (
    <PluginCanvas
      {...flowWith(bookingTemplateNode(), { connect: ALL_BRANCHES })}
      templateStorage={{
        load: () => Promise.reject(new Error('The template service answered 503')),
        save: () => {},
      }}
    />
  ),
};

/** No sender for the canvas's environment: the template has a live sender only, the canvas runs in sandbox. */
export const NoSenderForEnvironment: Story = {
  render: () => (
    <PluginCanvas
      {...flowWith(
        smsNode({
          message: { templateId: 'follow-up' },
          inputs: {
            customer_name: { kind: 'variable', path: 'caller.first_name' },
            link: { kind: 'fixed', value: 'https://example.com/b' },
          },
          consent: notRequired,
        }),
        { connect: ALL_BRANCHES },
      )}
    />
  ),
};

/** 500 nodes, half of them Send SMS: panning, dragging and editing should stay smooth. */
export const FiveHundredNodes: Story = {
  render: () => <PluginCanvas {...largeFlow(500)} canvasHeight={600} />,
};
