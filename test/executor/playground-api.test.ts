import { playgroundFlow, PLAYGROUND_SENDER as SENDER, servePlaygroundApi } from './support/playground-api';

const { call, post } = servePlaygroundApi();

const askingFlow = playgroundFlow({ mode: 'ask', question: 'Can I text you?' });

test('a caller who gives no clear answer takes the Declined branch, and nothing is texted', async () => {
  const callerNumber = '+14155550161';
  const { status, payload } = await post('/api/run', {
    flow: askingFlow,
    callerNumber,
    consentAnswer: 'no-answer',
  });
  expect(status).toBe(200);
  const steps = payload.steps as { nodeId: string; branch?: string; error?: unknown }[];
  expect(steps.find((step) => step.nodeId === 'sms')).toMatchObject({ branch: 'declined' });
  expect(steps.at(-1)?.nodeId).toBe('not-sent');
  const conversation = await call(`/api/conversation?number=${encodeURIComponent(callerNumber)}`);
  expect(conversation.payload.messages).toEqual([]);
});

test('an answer that is none of the three is refused with the answers it may be', async () => {
  const { status, payload } = await post('/api/run', {
    flow: askingFlow,
    callerNumber: '+14155550162',
    consentAnswer: 'unclear',
  });
  expect(status).toBe(400);
  expect(payload.field).toBe('consentAnswer');
  expect(payload.error).toMatch(/"yes" or "no" \(or "no-answer"/);
});

test('a caller number or reply given as something other than text is named as such, not as missing', async () => {
  const run = await post('/api/run', { flow: askingFlow, callerNumber: 14155550163, consentAnswer: 'yes' });
  expect(run.status).toBe(400);
  expect(run.payload).toEqual({
    error: 'callerNumber must be text, such as "+14155550123" (got 14155550163)',
    field: 'callerNumber',
  });
  const reply = await post('/api/reply', { from: '+14155550163', body: true, to: SENDER });
  expect(reply.status).toBe(400);
  expect(reply.payload).toEqual({ error: 'body must be text (got true)', field: 'body' });
  const missing = await post('/api/reply', { from: '+14155550163', to: SENDER });
  expect(missing.payload).toEqual({ error: 'body is required', field: 'body' });
});
