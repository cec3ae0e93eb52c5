// Sample data for the inspector panels' stories and tests: realistic names, deterministic sizes.
import type { UpstreamVariable } from '../src/core/flow';
import type { SmsTemplate } from '../src/core/schemas/template';

export const NODE_LABELS: Record<string, string> = {
  collect: 'Collect details',
  booking: 'Book appointment',
  lookup: 'CRM lookup',
};

export const SAMPLE_VARIABLES: UpstreamVariable[] = [
  {
    path: 'caller.first_name',
    label: 'First name',
    sample: 'Ada',
    sourceNodeIds: ['collect'],
    availability: 'always',
  },
  {
    path: 'caller.email',
    label: 'Email',
    sample: 'ada@example.com',
    sourceNodeIds: ['collect'],
    availability: 'always',
  },
  {
    path: 'booking.date',
    label: 'Appointment date',
    sample: 'Tue 4 March, 10:30',
    sourceNodeIds: ['booking'],
    availability: 'some-paths',
  },
  {
    path: 'booking.code',
    label: 'Confirmation code',
    sample: 'K7Q2',
    sourceNodeIds: ['booking'],
    availability: 'some-paths',
  },
  {
    path: 'crm.sms_consent',
    label: 'Agreed to SMS',
    sample: 'true',
    sourceNodeIds: ['lookup'],
    availability: 'always',
  },
];

/** `count` variables spread over 25 source nodes; every seventh is set only on some paths. */
export function manyVariables(count: number): UpstreamVariable[] {
  return Array.from({ length: count }, (_, i) => {
    const node = `step_${String(i % 25).padStart(2, '0')}`;
    return {
      path: `${node}.field_${i}`,
      label: `Field ${i} of ${node}`,
      sample: `value ${i}`,
      sourceNodeIds: [node],
      availability: i % 7 === 0 ? 'some-paths' : 'always',
    };
  });
}

export const LIVE_SENDER = '+14155550100';
export const SANDBOX_SENDER = '+15005550006';
export const SERVICE_SID = 'MG0123456789abcdef0123456789abcdef';

export const SAMPLE_TEMPLATES: SmsTemplate[] = [
  {
    id: 'booking-confirmed',
    title: 'Booking confirmed',
    body: 'Hi {{caller.first_name}}, your appointment on {{booking.date}} is confirmed. Code: {{booking.code}}.',
    senders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
  },
  {
    id: 'follow-up',
    title: 'Post-call follow-up',
    body: 'Thanks for calling, <customer_name>! Here is the link we talked about: <link>',
    senders: { live: SERVICE_SID },
  },
  {
    id: 'reservation',
    title: 'Reservation at property',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: PolyAI's ${name} token, written as a user would
    body: 'Hi ${customer_name}, your reservation at ${property_name} is confirmed for {{entity:booking_date}}.',
    senders: { live: LIVE_SENDER, sandbox: SANDBOX_SENDER, preRelease: '+14155550111' },
  },
];

const TOPICS = ['Appointment', 'Delivery', 'Payment', 'Survey', 'Password reset', 'Order', 'Refund', 'Visit'];

/** `count` templates with varied titles and bodies, some without a sandbox sender. */
export function manyTemplates(count: number): SmsTemplate[] {
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length];
    return {
      id: `template-${i + 1}`,
      title: `${topic} notice ${i + 1}`,
      body: `Hello {{caller.first_name}}, this is about your ${topic?.toLowerCase()} (ref ${1000 + i}). Reply HELP for help.`,
      senders: i % 3 === 0 ? { live: LIVE_SENDER } : { live: LIVE_SENDER, sandbox: SANDBOX_SENDER },
    };
  });
}
