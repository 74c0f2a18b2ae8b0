import type { AccountAccessConsent } from '@fapi/nats-contract';
import {
  requireAccountInConsent,
  requireAuthorisedConsent,
  requireConsentOfClient,
  requireConsentOfPsu,
  requireExistingConsent,
  requirePermission,
} from './consent-rules';

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

async function outcome(check: () => unknown): Promise<string> {
  try {
    await check();
    return 'allowed';
  } catch (error) {
    const { status, errors } = error as { status: number; errors: { ErrorCode: string }[] };
    return `${status} ${errors[0].ErrorCode}`;
  }
}

describe('the consent behind a token must allow the request', () => {
  it('an unknown consent is 403', async () => {
    expect(await outcome(() => requireExistingConsent(undefined, 'consent-x'))).toBe('403 U006');
    expect(requireExistingConsent(consent, 'consent-1')).toBe(consent);
  });

  it('a consent of another client is 403', async () => {
    expect(await outcome(() => requireConsentOfClient(consent, 'tpp-a'))).toBe('allowed');
    expect(await outcome(() => requireConsentOfClient(consent, 'tpp-b'))).toBe('403 U006');
  });

  it('a consent authorised by another PSU than the token subject is 403', async () => {
    expect(await outcome(() => requireConsentOfPsu(consent, 'psu-mia'))).toBe('allowed');
    expect(await outcome(() => requireConsentOfPsu(consent, 'psu-noah'))).toBe('403 U006');
    expect(await outcome(() => requireConsentOfPsu(consent, undefined))).toBe('403 U006');
  });

  it.each(['AWAU', 'RJCT', 'CANC', 'EXPD'] as const)('a %s consent is 403 U009', async (status) => {
    expect(await outcome(() => requireAuthorisedConsent({ ...consent, status }, now))).toBe('403 U009');
  });

  it('an AUTH consent past its ExpirationDateTime is 403 U009', async () => {
    expect(await outcome(() => requireAuthorisedConsent(consent, now))).toBe('allowed');
    expect(await outcome(() => requireAuthorisedConsent(consent, new Date('2026-06-01T00:00:00Z')))).toBe('403 U009');
  });

  it('a consent lacking every permission the endpoint accepts is 403', async () => {
    expect(await outcome(() => requirePermission(consent, ['ReadAccountsBasic', 'ReadAccountsDetail']))).toBe('allowed');
    expect(await outcome(() => requirePermission(consent, ['ReadTransactionsBasic', 'ReadTransactionsDetail']))).toBe('403 U006');
  });

  it('an account outside the consent is 403; one that exists nowhere is 400 U011', async () => {
    const exists = async (id: string) => id.startsWith('acc-');
    expect(await outcome(() => requireAccountInConsent(consent, 'acc-mia-everyday', exists))).toBe('allowed');
    expect(await outcome(() => requireAccountInConsent(consent, 'acc-mia-savings', exists))).toBe('403 U006');
    expect(await outcome(() => requireAccountInConsent(consent, 'no-such-account', exists))).toBe('400 U011');
  });
});
