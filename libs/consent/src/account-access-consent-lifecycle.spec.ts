import { ACCOUNT_ACCESS_CONSENT_STATUSES, type AccountAccessConsentStatus } from '@fapi/open-banking';
import { ConsentTransitions, INITIAL_CONSENT_STATUS, hasExpired, isDueToExpire, mayRevoke } from './account-access-consent-lifecycle';
import { allowsTransition } from './consent-lifecycle';

const statusesAllowing = (transition: keyof typeof ConsentTransitions): AccountAccessConsentStatus[] =>
  ACCOUNT_ACCESS_CONSENT_STATUSES.filter((status) => allowsTransition(ConsentTransitions[transition], status));

describe('account-access consent lifecycle', () => {
  it('a new consent awaits authorisation (AWAU)', () => {
    expect(INITIAL_CONSENT_STATUS).toBe('AWAU');
  });

  it('only an AWAU consent can be authorised, and it becomes AUTH', () => {
    expect(statusesAllowing('authorise')).toEqual(['AWAU']);
    expect(ConsentTransitions.authorise.to).toBe('AUTH');
  });

  it('only an AWAU consent can be rejected, and it becomes RJCT', () => {
    expect(statusesAllowing('reject')).toEqual(['AWAU']);
    expect(ConsentTransitions.reject.to).toBe('RJCT');
  });

  it('an AWAU or AUTH consent can be revoked to CANC; RJCT, CANC and EXPD cannot', () => {
    expect(statusesAllowing('revoke').sort()).toEqual(['AUTH', 'AWAU']);
    expect(ConsentTransitions.revoke.to).toBe('CANC');
  });

  it('an AWAU or AUTH consent can expire to EXPD; RJCT, CANC and EXPD cannot', () => {
    expect(statusesAllowing('expire').sort()).toEqual(['AUTH', 'AWAU']);
    expect(ConsentTransitions.expire.to).toBe('EXPD');
  });

  describe('expiry', () => {
    const now = new Date('2026-06-01T12:00:00Z');

    it('a consent without ExpirationDateTime never expires', () => {
      expect(hasExpired({}, now)).toBe(false);
    });

    it('a consent expires once its ExpirationDateTime is reached, whatever zone it is written in', () => {
      expect(hasExpired({ expirationDateTime: '2026-06-01T12:00:00.001Z' }, now)).toBe(false);
      expect(hasExpired({ expirationDateTime: '2026-06-01T12:00:00Z' }, now)).toBe(true);
      expect(hasExpired({ expirationDateTime: '2026-06-01T13:30:00+02:00' }, now)).toBe(true);
    });

    it('a live (AWAU or AUTH) consent past its ExpirationDateTime is due to expire; a finished one is not', () => {
      const past = '2026-05-31T00:00:00Z';
      expect(isDueToExpire({ status: 'AWAU', expirationDateTime: past }, now)).toBe(true);
      expect(isDueToExpire({ status: 'AUTH', expirationDateTime: past }, now)).toBe(true);
      expect(isDueToExpire({ status: 'RJCT', expirationDateTime: past }, now)).toBe(false);
      expect(isDueToExpire({ status: 'CANC', expirationDateTime: past }, now)).toBe(false);
      expect(isDueToExpire({ status: 'AUTH', expirationDateTime: '2026-07-01T00:00:00Z' }, now)).toBe(false);
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
  });
});
