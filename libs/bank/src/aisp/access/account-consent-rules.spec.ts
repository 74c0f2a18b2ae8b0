import type { AccountAccessConsent } from '@fapi/nats-contract';
import { outcomeOf } from '../../testing/outcome';
import { requireAccountInConsent, requireAuthorisedConsent, requirePermission } from './account-consent-rules';

const consent: AccountAccessConsent = {
  consentId: 'consent-1',
  clientId: 'tpp-a',
  status: 'AUTH',
  permissions: ['ReadAccountsBasic', 'ReadBalances'],
  creationDateTime: '2026-01-01T00:00:00Z',
  statusUpdateDateTime: '2026-01-01T00:00:00Z',
  expirationDateTime: '2026-06-01T00:00:00Z',
  psuId: 'psu-mia',
  accountIds: ['acc-mia-everyday'],
};
const now = new Date('2026-03-01T00:00:00Z');

describe('the consent behind a token must allow the request', () => {
  it.each(['AWAU', 'RJCT', 'CANC', 'EXPD'] as const)('a %s consent is 403 U009', async (status) => {
    expect(await outcomeOf(() => requireAuthorisedConsent({ ...consent, status }, now))).toBe('403 U009');
  });

  it('an AUTH consent past its ExpirationDateTime is 403 U009', async () => {
    expect(await outcomeOf(() => requireAuthorisedConsent(consent, now))).toBe('allowed');
    expect(await outcomeOf(() => requireAuthorisedConsent(consent, new Date('2026-06-01T00:00:00Z')))).toBe('403 U009');
  });

  it('a consent lacking every permission the endpoint accepts is 403', async () => {
    expect(await outcomeOf(() => requirePermission(consent, ['ReadAccountsBasic', 'ReadAccountsDetail']))).toBe('allowed');
    expect(await outcomeOf(() => requirePermission(consent, ['ReadTransactionsBasic', 'ReadTransactionsDetail']))).toBe('403 U006');
  });

  it('an account outside the consent is 403; one that exists nowhere is 400 U011', async () => {
    const exists = async (id: string) => id.startsWith('acc-');
    expect(await outcomeOf(() => requireAccountInConsent(consent, 'acc-mia-everyday', exists))).toBe('allowed');
    expect(await outcomeOf(() => requireAccountInConsent(consent, 'acc-mia-savings', exists))).toBe('403 U006');
    expect(await outcomeOf(() => requireAccountInConsent(consent, 'no-such-account', exists))).toBe('400 U011');
  });
});
