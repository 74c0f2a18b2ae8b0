import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import type { AccountAccessConsent, RevokeAccountAccessConsent } from '@fapi/nats-contract';
import { type ConsentTransition, allowsTransition, isOwnedBy } from './consent-lifecycle';

/** OB: a new account-access consent is AwaitingAuthorisation (AWAU) right after POST /account-access-consents. */
export const INITIAL_CONSENT_STATUS: AccountAccessConsentStatus = 'AWAU';

/** Every status change an account-access consent can make after it is created. */
export const ConsentTransitions = {
  /** OB: the PSU approves (and picks the accounts) during the authorization-code flow; only an AWAU consent can be. */
  authorise: { name: 'authorise', from: ['AWAU'], to: 'AUTH' },
  /** OB: the PSU refuses (or the ASPSP's checks fail) while the consent awaits authorisation. */
  reject: { name: 'reject', from: ['AWAU'], to: 'RJCT' },
  /** OB v4: the TPP deletes the consent or the ASPSP revokes access; a RJCT, CANC or EXPD consent has nothing to revoke. */
  revoke: { name: 'revoke', from: ['AWAU', 'AUTH'], to: 'CANC' },
  /** OB v4: a consent whose ExpirationDateTime has passed is EXPD; only a live (AWAU or AUTH) consent expires. */
  expire: { name: 'expire', from: ['AWAU', 'AUTH'], to: 'EXPD' },
} as const satisfies Record<string, ConsentTransition<AccountAccessConsentStatus>>;

/** A consent without ExpirationDateTime never expires; one with it is valid until that instant. */
export function hasExpired(consent: Pick<AccountAccessConsent, 'expirationDateTime'>, now: Date): boolean {
  return consent.expirationDateTime !== undefined && Date.parse(consent.expirationDateTime) <= now.getTime();
}

/** OB v4: a live consent whose ExpirationDateTime has passed must be EXPD before anyone sees or changes it. */
export function isDueToExpire(consent: Pick<AccountAccessConsent, 'status' | 'expirationDateTime'>, now: Date): boolean {
  return allowsTransition(ConsentTransitions.expire, consent.status) && hasExpired(consent, now);
}

/** The TPP may revoke only its own consents (DELETE /account-access-consents/{id}); the ASPSP may revoke any. */
export function mayRevoke(consent: Pick<AccountAccessConsent, 'clientId'>, revocation: RevokeAccountAccessConsent): boolean {
  return revocation.revokedBy === 'ASPSP' || (revocation.clientId !== undefined && isOwnedBy(consent, revocation.clientId));
}
