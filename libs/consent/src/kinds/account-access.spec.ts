import type { AccountAccessConsent } from '@fapi/nats-contract';
import { ACCOUNT_ACCESS_CONSENT_STATUSES, type AccountAccessConsentStatus } from '@fapi/open-banking';
import { hasPassed, isDueToExpire } from '../rules/expiry';
import { askedByOwner } from '../rules/owning-client';
import { mayRevoke } from '../rules/revocation';
import { allowsTransition } from '../rules/status-allows-transition';
import { AccountAccessTransitions, accountAccess, expirationOf } from './account-access';

const statusesAllowing = (transition: keyof typeof AccountAccessTransitions): AccountAccessConsentStatus[] =>
  ACCOUNT_ACCESS_CONSENT_STATUSES.filter((status) => allowsTransition(AccountAccessTransitions[transition], status));

describe('account-access consent lifecycle', () => {
  it('a new consent awaits authorisation (AWAU)', () => {
    expect(accountAccess.initialStatus).toBe('AWAU');
  });

  it('only an AWAU consent can be authorised, and it becomes AUTH', () => {
    expect(statusesAllowing('authorise')).toEqual(['AWAU']);
    expect(AccountAccessTransitions.authorise.to).toBe('AUTH');
  });

  it('only an AWAU consent can be rejected, and it becomes RJCT', () => {
    expect(statusesAllowing('reject')).toEqual(['AWAU']);
    expect(AccountAccessTransitions.reject.to).toBe('RJCT');
  });

  it('an AWAU or AUTH consent can be revoked to CANC; RJCT, CANC and EXPD cannot', () => {
    expect(statusesAllowing('revoke').sort()).toEqual(['AUTH', 'AWAU']);
    expect(AccountAccessTransitions.revoke.to).toBe('CANC');
  });

  it('an AWAU or AUTH consent can expire to EXPD; RJCT, CANC and EXPD cannot', () => {
    expect(statusesAllowing('expire').sort()).toEqual(['AUTH', 'AWAU']);
    expect(AccountAccessTransitions.expire.to).toBe('EXPD');
    expect(accountAccess.expiry?.transition).toBe(AccountAccessTransitions.expire);
  });

  describe('expiry', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const hasExpired = (consent: Pick<AccountAccessConsent, 'expirationDateTime'>) => hasPassed(expirationOf(consent), now);
    const consent = (status: AccountAccessConsentStatus, expirationDateTime: string): AccountAccessConsent => ({
      consentId: 'aac-1',
      clientId: 'tpp-a',
      status,
      permissions: ['ReadAccountsBasic'],
      creationDateTime: '2026-05-01T00:00:00.000Z',
      statusUpdateDateTime: '2026-05-01T00:00:00.000Z',
      expirationDateTime,
      accountIds: [],
    });
    const isDue = (status: AccountAccessConsentStatus, expirationDateTime: string) =>
      isDueToExpire(accountAccess.expiry!, consent(status, expirationDateTime), now);

    it('a consent without ExpirationDateTime never expires', () => {
      expect(hasExpired({})).toBe(false);
    });

    it('a consent expires once its ExpirationDateTime is reached, whatever zone it is written in', () => {
      expect(hasExpired({ expirationDateTime: '2026-06-01T12:00:00.001Z' })).toBe(false);
      expect(hasExpired({ expirationDateTime: '2026-06-01T12:00:00Z' })).toBe(true);
      expect(hasExpired({ expirationDateTime: '2026-06-01T13:30:00+02:00' })).toBe(true);
    });

    it('a live (AWAU or AUTH) consent past its ExpirationDateTime is due to expire; a finished one is not', () => {
      const past = '2026-05-31T00:00:00Z';
      expect(isDue('AWAU', past)).toBe(true);
      expect(isDue('AUTH', past)).toBe(true);
      expect(isDue('RJCT', past)).toBe(false);
      expect(isDue('CANC', past)).toBe(false);
      expect(isDue('AUTH', '2026-07-01T00:00:00Z')).toBe(false);
    });
  });

  describe('who may act on a consent', () => {
    const consent = { clientId: 'tpp-a' };

    it('a TPP may revoke only its own consent', () => {
      expect(mayRevoke(consent, { consentId: 'c', revokedBy: 'TPP', clientId: 'tpp-a' })).toBe(true);
      expect(mayRevoke(consent, { consentId: 'c', revokedBy: 'TPP', clientId: 'tpp-b' })).toBe(false);
      expect(mayRevoke(consent, { consentId: 'c', revokedBy: 'TPP' })).toBe(false);
    });

    it('the ASPSP may revoke any consent', () => {
      expect(mayRevoke(consent, { consentId: 'c', revokedBy: 'ASPSP' })).toBe(true);
    });

    it('revoking is for the TPP or the ASPSP as above; every other change is for the owning client only', () => {
      expect(accountAccess.requests.revoke.mayAct).toBe(mayRevoke);
      expect(accountAccess.requests.authorise.mayAct).toBe(askedByOwner);
      expect(accountAccess.requests.reject.mayAct).toBe(askedByOwner);
    });
  });
});
