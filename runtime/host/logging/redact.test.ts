import { redact, redactText } from './redact';

describe('redact', () => {
  it('masks secret-looking keys at any depth and credentials inside text', () => {
    expect(
      redact({
        headers: { authorization: 'Bearer abc', host: 'x' },
        apiKey: 'k',
        note: 'sent Bearer abc.def',
      })
    ).toEqual({
      headers: { authorization: '[REDACTED]', host: 'x' },
      apiKey: '[REDACTED]',
      note: 'sent Bearer [REDACTED]',
    });
    expect(redactText('Authorization: ApiKey Zm9vOmJhcg==')).toBe(
      'Authorization: ApiKey [REDACTED]'
    );
  });
});
