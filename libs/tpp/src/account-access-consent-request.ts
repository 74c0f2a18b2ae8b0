import type { Permission } from '@fapi/open-banking';

/** What the fintech asks to read: account details, balances and detailed credit and debit transactions. */
export const REQUESTED_PERMISSIONS: readonly Permission[] = [
  'ReadAccountsDetail',
  'ReadBalances',
  'ReadTransactionsCredits',
  'ReadTransactionsDebits',
  'ReadTransactionsDetail',
];

/** How long the fintech asks access for. */
export const CONSENT_LIFETIME_DAYS = 90;

/** The OBReadConsent1 body of POST /account-access-consents: the permissions, an expiry, and the (empty) Risk. */
export function accountAccessConsentRequest(now: Date) {
  const expiration = new Date(now.getTime() + CONSENT_LIFETIME_DAYS * 24 * 3600 * 1000);
  return {
    Data: { Permissions: [...REQUESTED_PERMISSIONS], ExpirationDateTime: expiration.toISOString() },
    Risk: {},
  };
}
