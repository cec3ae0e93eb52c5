import type { FlowFileInput } from 'flow-sms/core';

/** The flow the playground opens with: an appointment reminder that asks for consent first. */
export const exampleFlow: FlowFileInput = {
  environment: 'sandbox',
  senders: { sandbox: '+15005550006', live: '+14155550100' },
  templates: [
    {
      id: 'appointment_reminder',
      title: 'Appointment reminder',
      body: 'Hi {{first_name | "there"}}, your appointment at {{clinic}} is on {{appointment_time}}. Reply STOP to opt out.',
      senders: { live: '+14155550100', sandbox: '+15005550006' },
    },
    {
      id: 'follow_up',
      title: 'Post-call follow-up',
      body: 'Thanks for calling, <customer_name>! Your reference is {{vrbl:CONFIRMATION_CODE}}.',
      senders: { live: '+14155550100', sandbox: '+15005550006' },
    },
  ],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 120 }, data: {} },
    {
      id: 'vars',
      type: 'setVariables',
      position: { x: 200, y: 100 },
      data: { values: { first_name: 'Ana', clinic: 'Harbor Dental', appointment_time: 'Tue 3 PM' } },
    },
    {
      id: 'sms',
      type: 'sendSms',
      position: { x: 470, y: 60 },
      data: {
        message: { templateId: 'appointment_reminder' },
        inputs: {
          first_name: { kind: 'variable', path: 'first_name' },
          clinic: { kind: 'variable', path: 'clinic' },
          appointment_time: { kind: 'variable', path: 'appointment_time' },
        },
        consent: { mode: 'ask', question: 'Can I text you the appointment details?' },
      },
    },
    { id: 'done', type: 'end', position: { x: 820, y: 40 }, data: { label: 'Sent' } },
    { id: 'no-sms', type: 'end', position: { x: 820, y: 180 }, data: { label: 'No SMS' } },
  ],
  edges: [
    { id: 'e-start-vars', source: 'start', target: 'vars' },
    { id: 'e-vars-sms', source: 'vars', target: 'sms' },
    { id: 'e-sms-sent', source: 'sms', sourceHandle: 'sent', target: 'done' },
    { id: 'e-sms-declined', source: 'sms', sourceHandle: 'declined', target: 'no-sms' },
    { id: 'e-sms-opted', source: 'sms', sourceHandle: 'opted_out', target: 'no-sms' },
    { id: 'e-sms-failed', source: 'sms', sourceHandle: 'failed', target: 'no-sms' },
  ],
};
