import { randomUUID } from 'node:crypto';
import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import type { AccountAccessConsent, RevokeAccountAccessConsent } from '@fapi/nats-contract';

/** A named status change: the statuses it may start from and the one it leads to. */
export interface ConsentTransition {
  name: 'authorise' | 'reject' | 'revoke' | 'expire';
  from: readonly AccountAccessConsentStatus[];
  to: AccountAccessConsentStatus;
}

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
} as const satisfies Record<string, ConsentTransition>;

export function allowsTransition(transition: ConsentTransition, status: AccountAccessConsentStatus): boolean {
  return transition.from.includes(status);
}

/** OB: Data.ConsentId is at most 128 characters; "aac-" + a UUID is 40 and never repeats. */
export function newConsentId(): string {
  return `aac-${randomUUID()}`;
}

/** A consent without ExpirationDateTime never expires; one with it is valid until that instant. */
export function hasExpired(consent: Pick<AccountAccessConsent, 'expirationDateTime'>, now: Date): boolean {
  return consent.expirationDateTime !== undefined && Date.parse(consent.expirationDateTime) <= now.getTime();
}

/** OB v4: a live consent whose ExpirationDateTime has passed must be EXPD before anyone sees or changes it. */
export function isDueToExpire(consent: Pick<AccountAccessConsent, 'status' | 'expirationDateTime'>, now: Date): boolean {
  return allowsTransition(ConsentTransitions.expire, consent.status) && hasExpired(consent, now);
}

/** Only the TPP (OAuth client) that created a consent may see it or act on it. */
export function isOwnedBy(consent: Pick<AccountAccessConsent, 'clientId'>, clientId: string): boolean {
  return consent.clientId === clientId;
}

/** The TPP may revoke only its own consents (DELETE /account-access-consents/{id}); the ASPSP may revoke any. */
export function mayRevoke(consent: Pick<AccountAccessConsent, 'clientId'>, revocation: RevokeAccountAccessConsent): boolean {
  return revocation.revokedBy === 'ASPSP' || (revocation.clientId !== undefined && isOwnedBy(consent, revocation.clientId));
}
