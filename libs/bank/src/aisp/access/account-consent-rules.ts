import type { AccountAccessConsent } from '@fapi/nats-contract';
import { ObError, type Permission } from '@fapi/open-banking';
import { BANK_ACCESS_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { notGranted } from '../../access/not-granted';

/** Rule: the consent is authorised (AUTH) and its ExpirationDateTime, if any, has not passed, else 403 (U009). */
export function requireAuthorisedConsent(consent: AccountAccessConsent, now: Date): void {
  if (consent.status !== 'AUTH') throw ObError.forbidden('U009', refusalText(RULES.consentAuthorised, `the consent is ${consent.status}`), 'Data.Status');
  if (consent.expirationDateTime && Date.parse(consent.expirationDateTime) <= now.getTime()) {
    throw ObError.forbidden('U009', refusalText(RULES.consentNotExpired, `it expired at ${consent.expirationDateTime}`), 'Data.ExpirationDateTime');
  }
}

/** Rule: the consent carries one of the permissions the endpoint needs, else 403. */
export function requirePermission(consent: AccountAccessConsent, anyOf: readonly Permission[]): void {
  if (!anyOf.some((permission) => consent.permissions.includes(permission))) {
    throw notGranted(refusalText(RULES.consentPermission, `the consent lacks ${anyOf.join(' or ')}`));
  }
}

/**
 * Rule: the account is one the PSU shared in the consent, else 403; only an account id that exists nowhere in the
 * bank is 400 U011 (OB answers unknown resource ids with 400, not 404).
 */
export async function requireAccountInConsent(
  consent: AccountAccessConsent,
  accountId: string,
  accountExists: (accountId: string) => Promise<boolean>,
): Promise<void> {
  if (consent.accountIds.includes(accountId)) return;
  if (!(await accountExists(accountId))) throw ObError.of('U011', refusalText(RULES.resourceKnown, `there is no account ${accountId}`), 'AccountId');
  throw notGranted(refusalText(RULES.consentAccount, `the account ${accountId} is not in the consent`));
}
