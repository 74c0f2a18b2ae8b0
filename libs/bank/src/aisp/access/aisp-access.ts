import type { IncomingMessage } from 'node:http';
import type { AccountAccessConsent } from '@fapi/nats-contract';
import type { Permission } from '@fapi/open-banking';
import { authorizePsuGrant, grantedConsent, type TokenDependencies } from '../../access/authorize';
import type { AccountAccessConsentGateway } from '../consents/account-access-consent-gateway';
import { requireAccountInConsent, requireAuthorisedConsent, requirePermission } from './account-consent-rules';

/** The scope every AISP endpoint needs. */
export const AISP_SCOPE = 'accounts';

/** What the consent checks of the resource endpoints need from the rest of the bank. */
export interface ConsentAccessDependencies extends TokenDependencies {
  consents: Pick<AccountAccessConsentGateway, 'current'>;
  accountExists(accountId: string): Promise<boolean>;
  now(): Date;
}

/** What a resource endpoint needs of the consent: one of these permissions, and the account of the path if any. */
export interface ConsentNeeds {
  anyPermissionOf: readonly Permission[];
  accountId?: string;
}

export interface ConsentAccess {
  clientId: string;
  consent: AccountAccessConsent;
}

/**
 * accounts, balances, transactions: a token the PSU authorised for a consent, read as it is now (through the bank's
 * cache of authorised consents, which a revocation empties on every instance: AccountAccessConsentGateway, so a
 * revoked consent stops working at once), which must allow this very request.
 */
export async function authorizeConsentAccess(
  request: IncomingMessage,
  needs: ConsentNeeds,
  dependencies: ConsentAccessDependencies,
): Promise<ConsentAccess> {
  const grant = await authorizePsuGrant(request, dependencies, AISP_SCOPE); // 401, 403 U006 (scope, a PSU-authorised token)
  const consent = await grantedConsent(grant, (consentId) => dependencies.consents.current(consentId)); // 403 U006
  requireAuthorisedConsent(consent, dependencies.now()); // 403 U009
  requirePermission(consent, needs.anyPermissionOf); // 403 U006
  if (needs.accountId !== undefined) await requireAccountInConsent(consent, needs.accountId, dependencies.accountExists); // 403 U006, 400 U011
  return { clientId: grant.clientId, consent };
}
