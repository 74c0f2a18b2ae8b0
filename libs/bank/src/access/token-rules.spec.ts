import { outcomeOf } from '../testing/outcome';
import { consentOfToken, requireClientCredentialsToken, requireScope } from './token-rules';

describe('what the token grants', () => {
  it('the accounts scope must be among the granted scopes, else 403', async () => {
    expect(await outcomeOf(() => requireScope({ client_id: 'c', scope: 'openid accounts' }, 'accounts'))).toBe('allowed');
    expect(await outcomeOf(() => requireScope({ client_id: 'c', scope: 'openid payments' }, 'accounts'))).toBe('403 U006');
    expect(await outcomeOf(() => requireScope({ client_id: 'c', scope: 'accountsx' }, 'accounts'))).toBe('403 U006');
    expect(await outcomeOf(() => requireScope({ client_id: 'c' }, 'accounts'))).toBe('403 U006');
  });

  it('consent management needs a client-credentials token (no openbanking_intent_id), else 403', async () => {
    expect(await outcomeOf(() => requireClientCredentialsToken({ client_id: 'c' }))).toBe('allowed');
    expect(await outcomeOf(() => requireClientCredentialsToken({ client_id: 'c', openbanking_intent_id: 'x' }))).toBe('403 U006');
  });

  it('account information needs a token authorised for a consent, else 403', async () => {
    expect(consentOfToken({ client_id: 'c', openbanking_intent_id: 'consent-1' })).toBe('consent-1');
    expect(await outcomeOf(() => consentOfToken({ client_id: 'c' }))).toBe('403 U006');
  });
});
