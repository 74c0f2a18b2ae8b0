import type { AccountAccessConsentStatus, Permission } from '@fapi/open-banking';
import type { ConsentBase, ConsentStatusChanged } from './consent-base';

/** An account-access consent as consent-service owns it. */
export interface AccountAccessConsent extends ConsentBase<AccountAccessConsentStatus> {
  permissions: Permission[];
  expirationDateTime?: string;
  transactionFromDateTime?: string;
  transactionToDateTime?: string;
  /** The accounts the PSU chose to share (empty until authorised). */
  accountIds: string[];
}

export interface CreateAccountAccessConsent {
  clientId: string;
  permissions: Permission[];
  expirationDateTime?: string;
  transactionFromDateTime?: string;
  transactionToDateTime?: string;
}

/** Reads one consent; with clientId set, a consent of another client is reported as NOT_FOUND. */
export interface GetAccountAccessConsent {
  consentId: string;
  clientId?: string;
}

/** The PSU approved on the consent page: AWAU -> AUTH with the chosen accounts. */
export interface AuthoriseAccountAccessConsent {
  consentId: string;
  clientId: string;
  psuId: string;
  accountIds: string[];
}

/** The PSU denied on the consent page: AWAU -> RJCT. */
export interface RejectAccountAccessConsent {
  consentId: string;
  clientId: string;
}

/** The TPP deleted the consent (DELETE account-access-consents) or the bank revoked it: -> CANC. */
export interface RevokeAccountAccessConsent {
  consentId: string;
  /** Set when the TPP revokes: only the owning client may. Unset when the bank revokes. */
  clientId?: string;
  revokedBy: 'TPP' | 'ASPSP';
}

/** Emitted after every status change, so that other services can react (e.g. the AS revoking tokens). */
export type AccountAccessConsentStatusChanged = ConsentStatusChanged<AccountAccessConsentStatus>;
