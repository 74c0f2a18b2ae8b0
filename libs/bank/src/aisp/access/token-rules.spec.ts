import { consentOfToken, requireClientCredentialsToken, requireScope } from './token-rules';

const status = (check: () => unknown) => {
  try {
    check();
    return 'allowed';
  } catch (error) {
    return (error as { status: number; errors: { ErrorCode: string }[] }).status + ' ' + (error as { errors: { ErrorCode: string }[] }).errors[0]?.ErrorCode;
  }
};

describe('what the token grants', () => {
  it('the accounts scope must be among the granted scopes, else 403', () => {
    expect(status(() => requireScope({ client_id: 'c', scope: 'openid accounts' }, 'accounts'))).toBe('allowed');
    expect(status(() => requireScope({ client_id: 'c', scope: 'openid payments' }, 'accounts'))).toBe('403 U006');
    expect(status(() => requireScope({ client_id: 'c', scope: 'accountsx' }, 'accounts'))).toBe('403 U006');
    expect(status(() => requireScope({ client_id: 'c' }, 'accounts'))).toBe('403 U006');
  });

  it('consent management needs a client-credentials token (no openbanking_intent_id), else 403', () => {
    expect(status(() => requireClientCredentialsToken({ client_id: 'c' }))).toBe('allowed');
    expect(status(() => requireClientCredentialsToken({ client_id: 'c', openbanking_intent_id: 'x' }))).toBe('403 U006');
  });

  it('account information needs a token authorised for a consent, else 403', () => {
    expect(consentOfToken({ client_id: 'c', openbanking_intent_id: 'consent-1' })).toBe('consent-1');
    expect(status(() => consentOfToken({ client_id: 'c' }))).toBe('403 U006');
  });
});
