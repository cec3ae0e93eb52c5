import { inspect } from 'node:util';
import { FlowSmsError } from '../../src/core/errors';
import { twilioCredentials, twilioCredentialsFromEnv } from '../../src/executor/twilio';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const KEY = `SK${'2'.repeat(32)}`;
const TOKEN = 'auth-token-shh-123';
const SECRET = 'api-secret-shh-456';

describe('Twilio credentials from the environment', () => {
  it('is null when no Twilio variable is set, so the caller falls back to the sandbox', () => {
    expect(twilioCredentialsFromEnv({})).toBeNull();
    expect(twilioCredentialsFromEnv({ TWILIO_ACCOUNT_SID: '  ', PATH: '/usr/bin' })).toBeNull();
  });

  it('reads the Account SID and auth token', () => {
    expect(twilioCredentialsFromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN })).toEqual({
      accountSid: ACCOUNT,
      authToken: TOKEN,
    });
  });

  it('reads an API key and secret, and prefers them over the auth token', () => {
    const env = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: SECRET };
    expect(twilioCredentialsFromEnv(env)).toEqual({ accountSid: ACCOUNT, apiKey: KEY, apiSecret: SECRET });
    expect(twilioCredentialsFromEnv({ ...env, TWILIO_AUTH_TOKEN: TOKEN })).toEqual({
      accountSid: ACCOUNT,
      apiKey: KEY,
      apiSecret: SECRET,
    });
  });

  it('names the missing variable when only some are set, instead of silently using the sandbox', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        twilioCredentialsFromEnv(env);
      } catch (error) {
        return error as FlowSmsError;
      }
      throw new Error('expected an error');
    };
    expect(attempt({ TWILIO_AUTH_TOKEN: TOKEN }).field).toBe('TWILIO_ACCOUNT_SID');
    expect(attempt({ TWILIO_ACCOUNT_SID: ACCOUNT }).field).toBe('TWILIO_AUTH_TOKEN');
    expect(attempt({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: KEY }).field).toBe('TWILIO_API_SECRET');
    expect(attempt({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_SECRET: SECRET }).field).toBe('TWILIO_API_KEY');
  });

  it('says which variable is malformed without repeating a secret', () => {
    let error: unknown;
    try {
      twilioCredentialsFromEnv({ TWILIO_ACCOUNT_SID: 'ACnope', TWILIO_AUTH_TOKEN: TOKEN });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FlowSmsError);
    expect((error as FlowSmsError).message).toMatch(/^TWILIO_ACCOUNT_SID must be a Twilio Account SID/);
    expect((error as FlowSmsError).message).not.toContain(TOKEN);
    expect(() =>
      twilioCredentialsFromEnv({
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_KEY: 'nope',
        TWILIO_API_SECRET: SECRET,
      }),
    ).toThrow(/^TWILIO_API_KEY must be a Twilio API key SID/);
  });

  it('prints credentials without their secrets', () => {
    const fromEnv = twilioCredentialsFromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN });
    const keyed = twilioCredentials({ accountSid: ACCOUNT, apiKey: KEY, apiSecret: SECRET });
    for (const shown of [
      JSON.stringify(fromEnv),
      String(fromEnv),
      inspect(fromEnv),
      `${keyed}`,
      inspect(keyed),
    ]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(SECRET);
      expect(shown).toContain(ACCOUNT);
    }
    expect(fromEnv?.authToken).toBe(TOKEN);
  });

  it('refuses both kinds of credentials at once, or neither', () => {
    expect(() =>
      twilioCredentials({ accountSid: ACCOUNT, authToken: TOKEN, apiKey: KEY, apiSecret: SECRET }),
    ).toThrow(/not both/);
    expect(() => twilioCredentials({ accountSid: ACCOUNT })).toThrow(/authToken is required/);
  });
});
