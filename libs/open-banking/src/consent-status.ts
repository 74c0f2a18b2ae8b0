/** OBInternalConsentStatus1Code as v4.0 spells it for account-access consents. */
export const ACCOUNT_ACCESS_CONSENT_STATUSES = ['AWAU', 'AUTH', 'RJCT', 'CANC', 'EXPD'] as const;
export type AccountAccessConsentStatus = (typeof ACCOUNT_ACCESS_CONSENT_STATUSES)[number];
