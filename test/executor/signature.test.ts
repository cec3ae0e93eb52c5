import twilio from 'twilio';
import {
  expectedTwilioSignature,
  publicUrlFor,
  validateTwilioSignature,
  webhookParamsFromForm,
} from '../../src/executor/webhooks/signature';

// The worked example of Twilio's webhook-security documentation (also the vector Twilio's own
// SDKs test against): this token, URL and parameters give exactly this signature.
const DOC_TOKEN = '12345';
const DOC_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOC_PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const DOC_SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('Twilio webhook signatures', () => {
  it("reproduces the documented example's signature", () => {
    expect(expectedTwilioSignature({ authToken: DOC_TOKEN, url: DOC_URL, params: DOC_PARAMS })).toBe(
      DOC_SIGNATURE,
    );
    expect(twilio.getExpectedTwilioSignature(DOC_TOKEN, DOC_URL, DOC_PARAMS)).toBe(DOC_SIGNATURE);
  });

  it('accepts the documented example', () => {
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: DOC_SIGNATURE,
        url: DOC_URL,
        params: DOC_PARAMS,
      }),
    ).toBe(true);
  });

  it('rejects tampered parameters: a changed value, an added one, a removed one', () => {
    const check = (params: Record<string, string>) =>
      validateTwilioSignature({ authToken: DOC_TOKEN, signature: DOC_SIGNATURE, url: DOC_URL, params });
    expect(check({ ...DOC_PARAMS, Digits: '9999' })).toBe(false);
    expect(check({ ...DOC_PARAMS, Extra: 'x' })).toBe(false);
    const { Digits: _dropped, ...withoutDigits } = DOC_PARAMS;
    expect(check(withoutDigits)).toBe(false);
  });

  it('rejects a tampered URL: other path, other query, other host', () => {
    for (const url of [
      'https://mycompany.com/other.php?foo=1&bar=2',
      'https://mycompany.com/myapp.php?foo=1&bar=3',
      'https://evil.example/myapp.php?foo=1&bar=2',
    ]) {
      expect(
        validateTwilioSignature({ authToken: DOC_TOKEN, signature: DOC_SIGNATURE, url, params: DOC_PARAMS }),
      ).toBe(false);
    }
  });

  it('tells http from https: a signature for one scheme does not validate the other', () => {
    const httpUrl = DOC_URL.replace('https://', 'http://');
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: DOC_SIGNATURE,
        url: httpUrl,
        params: DOC_PARAMS,
      }),
    ).toBe(false);
    const httpSignature = expectedTwilioSignature({ authToken: DOC_TOKEN, url: httpUrl, params: DOC_PARAMS });
    expect(httpSignature).not.toBe(DOC_SIGNATURE);
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: httpSignature,
        url: httpUrl,
        params: DOC_PARAMS,
      }),
    ).toBe(true);
  });

  it('accepts the URL with or without an explicit default port, whichever Twilio signed', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    // Signed without the port, checked with it.
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: DOC_SIGNATURE,
        url: withPort,
        params: DOC_PARAMS,
      }),
    ).toBe(true);
    // Signed with the port, checked without it.
    const signedWithPort = expectedTwilioSignature({
      authToken: DOC_TOKEN,
      url: withPort,
      params: DOC_PARAMS,
    });
    expect(signedWithPort).not.toBe(DOC_SIGNATURE);
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: signedWithPort,
        url: DOC_URL,
        params: DOC_PARAMS,
      }),
    ).toBe(true);
  });

  it('does not treat a different explicit port as the default one', () => {
    const otherPort = 'https://mycompany.com:8443/myapp.php?foo=1&bar=2';
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: DOC_SIGNATURE,
        url: otherPort,
        params: DOC_PARAMS,
      }),
    ).toBe(false);
  });

  it('fails closed without an auth token or without a signature', () => {
    for (const authToken of [undefined, null, '']) {
      expect(
        validateTwilioSignature({ authToken, signature: DOC_SIGNATURE, url: DOC_URL, params: DOC_PARAMS }),
      ).toBe(false);
    }
    for (const signature of [undefined, null, '']) {
      expect(
        validateTwilioSignature({ authToken: DOC_TOKEN, signature, url: DOC_URL, params: DOC_PARAMS }),
      ).toBe(false);
    }
    expect(() => expectedTwilioSignature({ authToken: '', url: DOC_URL, params: {} })).toThrow(/authToken/);
  });

  it('rejects a signature made with another token', () => {
    const forged = expectedTwilioSignature({ authToken: 'not-the-token', url: DOC_URL, params: DOC_PARAMS });
    expect(
      validateTwilioSignature({ authToken: DOC_TOKEN, signature: forged, url: DOC_URL, params: DOC_PARAMS }),
    ).toBe(false);
  });

  it('signs every value of a repeated parameter, as read from a form body', () => {
    const params = webhookParamsFromForm('MediaUrl=b&Body=hi&MediaUrl=a');
    expect(params).toEqual({ MediaUrl: ['b', 'a'], Body: 'hi' });
    const signature = expectedTwilioSignature({ authToken: DOC_TOKEN, url: DOC_URL, params });
    expect(validateTwilioSignature({ authToken: DOC_TOKEN, signature, url: DOC_URL, params })).toBe(true);
    expect(
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature,
        url: DOC_URL,
        params: { ...params, MediaUrl: ['a'] },
      }),
    ).toBe(false);
  });

  it('names the field to fix when the URL or params are malformed', () => {
    expect(() =>
      validateTwilioSignature({ authToken: DOC_TOKEN, signature: 'x', url: '/relative', params: {} }),
    ).toThrow(/url must be an absolute URL/);
    expect(() =>
      validateTwilioSignature({
        authToken: DOC_TOKEN,
        signature: 'x',
        url: DOC_URL,
        params: { Body: 3 } as unknown as Record<string, string>,
      }),
    ).toThrow(/params\.Body/);
  });
});

describe('publicUrlFor', () => {
  it('uses the configured base URL and ignores Host and X-Forwarded-* headers', () => {
    const request = new Request('http://10.0.0.5:8080/twilio/inbound?tenant=a', {
      method: 'POST',
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', host: 'evil.example' },
    });
    expect(publicUrlFor(request, 'https://sms.example.com')).toBe(
      'https://sms.example.com/twilio/inbound?tenant=a',
    );
  });

  it('keeps an explicit port of the base URL as configured', () => {
    const request = new Request('http://127.0.0.1:3000/hooks/status');
    expect(publicUrlFor(request, 'https://sms.example.com:8443/')).toBe(
      'https://sms.example.com:8443/hooks/status',
    );
  });

  it('puts back a base path that a proxy stripped, and does not double it', () => {
    expect(publicUrlFor({ url: 'http://internal/inbound' }, 'https://example.com/sms')).toBe(
      'https://example.com/sms/inbound',
    );
    expect(publicUrlFor({ url: 'http://internal/sms/inbound' }, 'https://example.com/sms/')).toBe(
      'https://example.com/sms/inbound',
    );
  });

  it('yields the URL a signature made for the public address validates against', () => {
    const publicUrl = 'https://sms.example.com/twilio/inbound';
    const params = { Body: 'STOP', From: '+14155550123' };
    const signature = expectedTwilioSignature({ authToken: DOC_TOKEN, url: publicUrl, params });
    const arrived = new Request('http://localhost:3000/twilio/inbound', { method: 'POST' });
    const url = publicUrlFor(arrived, 'https://sms.example.com');
    expect(validateTwilioSignature({ authToken: DOC_TOKEN, signature, url, params })).toBe(true);
  });

  it('rejects a base URL that is not absolute http(s)', () => {
    expect(() => publicUrlFor({ url: 'http://x/y' }, 'sms.example.com')).toThrow(/publicBaseUrl/);
    expect(() => publicUrlFor({ url: 'http://x/y' }, 'ftp://sms.example.com')).toThrow(/publicBaseUrl/);
  });
});
