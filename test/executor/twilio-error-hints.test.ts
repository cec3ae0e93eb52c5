import { describeTwilioError, isPermanentTwilioError, TWILIO_ERROR_HINTS } from '../../src/executor/twilio';

const REQUIRED = [
  20003, 20429, 21211, 21408, 21602, 21604, 21606, 21608, 21610, 21612, 21614, 21617, 30003, 30004, 30005,
  30006, 30007, 30008, 30034, 30035,
];

describe('Twilio error hints', () => {
  it('explains every error a builder is likely to meet, with something to do about it', () => {
    for (const code of REQUIRED) {
      const hint = TWILIO_ERROR_HINTS[code];
      expect(hint, `hint for ${code}`).toBeDefined();
      expect(hint?.title.length).toBeGreaterThan(3);
      expect(hint?.hint.length).toBeGreaterThan(30);
    }
  });

  it('never retries errors only a person can fix, and allows retrying transient ones', () => {
    for (const code of [21211, 21408, 21610, 21617, 30034, 21614, 30006, 20003]) {
      expect(isPermanentTwilioError(code), `permanent ${code}`).toBe(true);
    }
    for (const code of [20429, 30003, 30008]) {
      expect(isPermanentTwilioError(code), `transient ${code}`).toBe(false);
    }
  });

  it('describes 30034 as an A2P 10DLC registration problem, with Twilio message and link kept', () => {
    const described = describeTwilioError(30034, 'Message from an Unregistered Number');
    expect(described.hint).toMatch(/10DLC/);
    expect(described.twilioMessage).toBe('Message from an Unregistered Number');
    expect(described.moreInfo).toBe('https://www.twilio.com/docs/errors/30034');
  });

  it('treats an unknown code as permanent and points to the dictionary', () => {
    const described = describeTwilioError(63999, 'Something new');
    expect(described.permanent).toBe(true);
    expect(described.title).toBe('Twilio error 63999');
    expect(described.hint).toContain('https://www.twilio.com/docs/errors/63999');
    expect(describeTwilioError(null, 'x').code).toBeNull();
  });
});
