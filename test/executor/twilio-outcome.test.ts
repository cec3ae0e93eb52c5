import { outcomeOfSendError, retryAfterMs } from '../../src/executor/twilio/outcome';

const sentExchange = { started: true };
const SECRET = 'very-secret-token';

function networkError(code: string, message = `${code} happened`) {
  return Object.assign(new Error(message), { code });
}

describe('what a failed send means for resending', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])(
    '%s: the request never left, so it is not-sent',
    (code) => {
      expect(outcomeOfSendError(networkError(code), sentExchange, []).kind).toBe('not-sent');
    },
  );

  it('finds a refusal inside the attempts of a happy-eyeballs connect', () => {
    const error = Object.assign(
      new AggregateError([networkError('ECONNREFUSED'), networkError('ECONNREFUSED')]),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(outcomeOfSendError(error, sentExchange, []).kind).toBe('not-sent');
    const wrapped = Object.assign(new Error('request failed'), { cause: networkError('ENOTFOUND') });
    expect(outcomeOfSendError(wrapped, sentExchange, []).kind).toBe('not-sent');
  });

  it.each([
    ['ECONNABORTED', 'timeout of 100ms exceeded'],
    ['ETIMEDOUT', 'read ETIMEDOUT'],
    ['ECONNRESET', 'socket hang up'],
    ['EPIPE', 'write EPIPE'],
  ])('%s after the request left: unknown, the message may exist', (code, message) => {
    expect(outcomeOfSendError(networkError(code, message), sentExchange, []).kind).toBe('unknown');
  });

  it("21611 (the sender's queue is full) is a refusal worth retrying: Twilio did not queue the message", () => {
    const full = {
      status: 400,
      code: 21611,
      message: "This 'From' number has exceeded the maximum number of queued messages",
    };
    expect(outcomeOfSendError(full, sentExchange, [])).toMatchObject({
      kind: 'rejected',
      code: 21611,
      retryable: true,
    });
    const invalidTo = { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." };
    expect(outcomeOfSendError(invalidTo, sentExchange, [])).toMatchObject({
      kind: 'rejected',
      retryable: false,
    });
  });

  it('an error before the SDK reached the network is not-sent', () => {
    expect(
      outcomeOfSendError(new Error('Required parameter "to" missing.'), { started: false }, []).kind,
    ).toBe('not-sent');
  });

  it('a 2xx answer that could not be read is unknown, not a failure to send', () => {
    const outcome = outcomeOfSendError(
      new SyntaxError('Unexpected token'),
      {
        started: true,
        response: { statusCode: 201, headers: {} },
      },
      [],
    );
    expect(outcome.kind).toBe('unknown');
  });

  it('an unfamiliar error after the request left is unknown, never a reason to resend blindly', () => {
    expect(outcomeOfSendError(new Error('something odd'), sentExchange, []).kind).toBe('unknown');
  });

  it('scrubs secrets out of every reason and message', () => {
    const network = outcomeOfSendError(
      networkError('ECONNRESET', `reset while sending ${SECRET}`),
      sentExchange,
      [SECRET],
    );
    const api = outcomeOfSendError(
      Object.assign(new Error('x'), { status: 400, code: 21211, message: `bad ${SECRET}` }),
      sentExchange,
      [SECRET],
    );
    expect(JSON.stringify([network, api])).not.toContain(SECRET);
    expect(JSON.stringify(api)).toContain('[redacted]');
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, in any header case', () => {
    expect(retryAfterMs({ 'retry-after': '7' })).toBe(7000);
    expect(retryAfterMs({ 'Retry-After': '0.5' })).toBe(500);
    const now = Date.parse('2026-03-03T10:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Tue, 03 Mar 2026 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 03 Mar 2026 09:00:00 GMT' }, now)).toBe(0);
  });

  it('is null when missing or unreadable', () => {
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs({})).toBeNull();
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeNull();
  });
});
