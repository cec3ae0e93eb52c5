import { playgroundFlow, PLAYGROUND_SENDER as SENDER, servePlaygroundApi } from './support/playground-api';

let callers = 0;

/** Each test texts its own number, so one server's sandbox serves the whole file. */
const freshCaller = () => `+1415555${String(1000 + callers++).padStart(4, '0')}`;

const { call, post } = servePlaygroundApi();

const askingFlow = playgroundFlow({ mode: 'ask', question: 'Can I text you?' });
const notAskingFlow = playgroundFlow({ mode: 'not-required', reason: 'transactional' });

async function expectNothingSentTo(number: string) {
  const { status, payload } = await call(`/api/conversation?number=${encodeURIComponent(number)}`);
  expect(status).toBe(200);
  expect(payload.messages).toEqual([]);
}

describe('playground API: the consent answer of a test run', () => {
  it.each([
    ['"No"', 'No'],
    ['false', false],
    ['"maybe"', 'maybe'],
    ['null', null],
    ['missing', undefined],
  ])('refuses %s for a flow that asks for consent, and sends nothing', async (_label, consentAnswer) => {
    const callerNumber = freshCaller();
    const { status, payload } = await post('/api/run', { flow: askingFlow, callerNumber, consentAnswer });
    expect(status).toBe(400);
    expect(payload.error).toMatch(/consentAnswer/);
    expect(payload.error).toMatch(/"yes" or "no"/);
    expect(payload.field).toBe('consentAnswer');
    await expectNothingSentTo(callerNumber);
  });

  it('sends on "yes" and not on "no"', async () => {
    const declined = freshCaller();
    const no = await post('/api/run', { flow: askingFlow, callerNumber: declined, consentAnswer: 'no' });
    expect(no.status).toBe(200);
    expect(JSON.stringify(no.payload.steps)).toContain('"branch":"declined"');
    await expectNothingSentTo(declined);

    const accepted = freshCaller();
    const yes = await post('/api/run', { flow: askingFlow, callerNumber: accepted, consentAnswer: 'yes' });
    expect(yes.status).toBe(200);
    expect(JSON.stringify(yes.payload.steps)).toContain('"branch":"sent"');
  });

  it('needs no answer from a flow that never asks', async () => {
    const { status, payload } = await post('/api/run', { flow: notAskingFlow, callerNumber: freshCaller() });
    expect(status).toBe(200);
    expect(JSON.stringify(payload.steps)).toContain('"branch":"sent"');
  });

  it('still refuses a malformed answer from a flow that never asks', async () => {
    const callerNumber = freshCaller();
    const { status, payload } = await post('/api/run', {
      flow: notAskingFlow,
      callerNumber,
      consentAnswer: 'Yes',
    });
    expect(status).toBe(400);
    expect(payload.error).toMatch(/consentAnswer.*"yes" or "no"/);
    await expectNothingSentTo(callerNumber);
  });
});

describe('playground API: user mistakes answer 400 with what to fix', () => {
  it('a flow with no start node', async () => {
    const noStart = {
      ...notAskingFlow,
      nodes: notAskingFlow.nodes.slice(1),
      edges: notAskingFlow.edges.slice(1),
    };
    const { status, payload } = await post('/api/run', { flow: noStart, callerNumber: freshCaller() });
    expect(status).toBe(400);
    expect(payload.error).toMatch(/no node of type "start"/);
    expect(payload.field).toBe('nodes');
  });

  it('a Send SMS node with empty data', async () => {
    const broken = {
      ...notAskingFlow,
      nodes: notAskingFlow.nodes.map((node) => (node.id === 'sms' ? { ...node, data: {} } : node)),
    };
    const { status, payload } = await post('/api/run', { flow: broken, callerNumber: freshCaller() });
    expect(status).toBe(400);
    expect(payload.error).toMatch(/Send SMS node "sms"/);
    expect(String(payload.field)).toMatch(/^nodes\.1\.data/);
  });

  it('a JSON body of null', async () => {
    const { status, payload } = await call('/api/run', 'null');
    expect(status).toBe(400);
    expect(payload.error).toMatch(/JSON object/);
  });

  it('a conversation number that is not a phone number', async () => {
    const { status, payload } = await call('/api/conversation?number=hello');
    expect(status).toBe(400);
    expect(payload).toEqual({
      error: 'number must be a phone number in E.164 form, such as +14155550123 (got "hello")',
      field: 'number',
    });
  });

  it('a reply from something that is not a phone number', async () => {
    const { status, payload } = await post('/api/reply', { from: 'hello', body: 'YES', to: SENDER });
    expect(status).toBe(400);
    expect(payload.error).toMatch(/^from must be a phone number in E\.164 form/);
    expect(payload.field).toBe('from');
  });

  it('a reply to something that is not a phone number', async () => {
    const { status, payload } = await post('/api/reply', { from: freshCaller(), body: 'YES', to: 'abc' });
    expect(status).toBe(400);
    expect(payload.error).toMatch(/^to must be a phone number in E\.164 form.*\(got "abc"\)/);
    expect(payload.field).toBe('to');
  });

  it('a caller number the conversation and reply routes would refuse, before anything is sent', async () => {
    // The Test run panel sends E.164; a number in any other form would run the flow and then have
    // no conversation to show and no way to reply.
    const { status, payload } = await post('/api/run', {
      flow: notAskingFlow,
      callerNumber: '+1 415 555 0177',
    });
    expect(status).toBe(400);
    expect(payload).toEqual({
      error:
        'callerNumber must be a phone number in E.164 form, such as +14155550123 (got "+1 415 555 0177")',
      field: 'callerNumber',
    });
    await expectNothingSentTo('+14155550177');
  });

  it('never shows a stack', async () => {
    const { payload } = await call('/api/conversation?number=hello');
    expect(JSON.stringify(payload)).not.toMatch(/\n\s+at |\.ts:\d+/);
  });
});
