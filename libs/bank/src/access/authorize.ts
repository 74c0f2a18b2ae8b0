import type { IncomingMessage } from 'node:http';
import { noteRequestClient } from '../ob-http/console-recording';
import type { AccessTokenClaims } from './access-token';
import type { AccessTokenVerifier } from './access-token-verifier';
import { type ConsentParties, requireConsentOfClient, requireConsentOfPsu, requireExistingConsent } from './consent-rules';
import { presentedToken, refuseTokenInQuery, verifiedToken } from './presented-token';
import { requireBoundToken, type TokenBinding } from './token-binding';
import { consentOfToken, requireClientCredentialsToken, requireScope } from './token-rules';

/*
 * The access steps every OB endpoint (AISP and PISP) starts with, each a list of rules in the order they run. An
 * endpoint names the step it takes with its API's scope (`accounts` for AISP, `payments` for PISP).
 */

/** What the token checks need: the verifier of the authorization server's access tokens, the bank's token bindings. */
export interface TokenDependencies {
  tokens: Pick<AccessTokenVerifier, 'verify'>;
  /** The ways a token may be sender-constrained (tokenBindings: mTLS, DPoP). */
  bindings: readonly TokenBinding[];
}

/** What a token the PSU authorised says: for which client, by which PSU, for which one consent. */
export interface PsuGrant {
  clientId: string;
  psuId?: string;
  consentId: string;
}

/**
 * The token checks every OB request passes: 401 for each (with the challenge of the scheme the token came in), then
 * 403 when the token lacks the API's scope.
 */
export async function authenticate(request: IncomingMessage, { tokens, bindings }: TokenDependencies, scope: string): Promise<AccessTokenClaims> {
  refuseTokenInQuery(request); // 401
  const presented = presentedToken(request); // 401: Authorization is `Bearer <token>` or `DPoP <token>`
  const claims = await verifiedToken(tokens, presented); // 401 (DPoP: invalid_token)
  noteRequestClient(request, claims.client_id); // the developer console records the request from here on
  await requireBoundToken(claims, presented, request, bindings); // 401: bound one way, in its scheme, with its proof
  requireScope(claims, scope); // 403 U006
  return claims;
}

/**
 * Endpoints of the TPP itself (account-access-consents, domestic-payment-consents, reading payments): a
 * client-credentials token with the API's scope; returns its client_id.
 */
export async function authorizeClientCredentials(request: IncomingMessage, dependencies: TokenDependencies, scope: string): Promise<string> {
  const claims = await authenticate(request, dependencies, scope); // 401, 403
  requireClientCredentialsToken(claims); // 403 U006
  return claims.client_id;
}

/** Endpoints acting for a PSU, first step: the same token checks, then a token the PSU authorised for a consent. */
export async function authorizePsuGrant(request: IncomingMessage, dependencies: TokenDependencies, scope: string): Promise<PsuGrant> {
  const claims = await authenticate(request, dependencies, scope); // 401, 403
  return { clientId: claims.client_id, psuId: claims.sub, consentId: consentOfToken(claims) }; // 403 U006
}

/**
 * The grant's consent, read now from consent-service (so a revoked consent stops working at once): it exists, belongs
 * to the token's client and was authorised by the token's PSU, else 403.
 */
export async function grantedConsent<Consent extends ConsentParties>(
  grant: PsuGrant,
  currentConsent: (consentId: string) => Promise<Consent | undefined>,
): Promise<Consent> {
  const consent = requireExistingConsent(await currentConsent(grant.consentId), grant.consentId); // 403 U006
  requireConsentOfClient(consent, grant.clientId); // 403 U006
  requireConsentOfPsu(consent, grant.psuId); // 403 U006
  return consent;
}
