import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AccountAccessConsent } from '@fapi/nats-contract';
import type { Permission } from '@fapi/open-banking';
import type { AccessTokenClaims } from './access-token';
import type { AccessTokenVerifier } from './access-token-verifier';
import { bearerTokenOf, refuseTokenInQuery } from './bearer-token';
import { requireCertificateBoundToken } from './certificate-binding';
import {
  requireAccountInConsent,
  requireAuthorisedConsent,
  requireConsentOfClient,
  requireConsentOfPsu,
  requireExistingConsent,
  requirePermission,
} from './consent-rules';
import { consentOfToken, requireClientCredentialsToken, requireScope } from './token-rules';

/** The scope every AISP endpoint needs. */
export const AISP_SCOPE = 'accounts';

/** What the token checks need: the verifier of the authorization server's access tokens. */
export interface TokenDependencies {
  tokens: Pick<AccessTokenVerifier, 'verify'>;
}

/** What the AISP checks need from the rest of the bank. */
export interface AccessDependencies extends TokenDependencies {
  currentConsent(consentId: string): Promise<AccountAccessConsent | undefined>;
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
 * The token checks every OB request passes (AISP and PISP alike), in this order: 401 for each, then 403 when the
 * token lacks the API's scope (`accounts` for AISP, `payments` for PISP).
 */
export async function authenticate(request: IncomingMessage, { tokens }: TokenDependencies, scope: string): Promise<AccessTokenClaims> {
  refuseTokenInQuery(request);
  const claims = await tokens.verify(bearerTokenOf(request));
  requireCertificateBoundToken(claims, request.socket as TLSSocket);
  requireScope(claims, scope);
  return claims;
}

/**
 * Endpoints of the TPP itself (account-access-consents; domestic-payment-consents and reading payments): a
 * client-credentials token with the API's scope; returns its client_id.
 */
export async function authorizeClientCredentials(request: IncomingMessage, dependencies: TokenDependencies, scope: string): Promise<string> {
  const claims = await authenticate(request, dependencies, scope);
  requireClientCredentialsToken(claims);
  return claims.client_id;
}

/**
 * accounts, balances, transactions: a token the PSU authorised for a consent, which is read from consent-service on
 * every request (so a revoked consent stops working at once) and must allow this very request.
 */
export async function authorizeConsentAccess(
  request: IncomingMessage,
  needs: ConsentNeeds,
  dependencies: AccessDependencies,
): Promise<ConsentAccess> {
  const claims = await authenticate(request, dependencies, AISP_SCOPE);
  const consentId = consentOfToken(claims);
  const consent = requireExistingConsent(await dependencies.currentConsent(consentId), consentId);
  requireConsentOfClient(consent, claims.client_id);
  requireConsentOfPsu(consent, claims.sub);
  requireAuthorisedConsent(consent, dependencies.now());
  requirePermission(consent, needs.anyPermissionOf);
  if (needs.accountId !== undefined) await requireAccountInConsent(consent, needs.accountId, dependencies.accountExists);
  return { clientId: claims.client_id, consent };
}
