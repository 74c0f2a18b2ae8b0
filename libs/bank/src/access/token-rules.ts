import type { AccessTokenClaims } from './access-token';
import { notGranted } from './not-granted';

/** Rule: the token carries the scope the API needs (accounts for AISP, payments for PISP), else 403. */
export function requireScope(claims: AccessTokenClaims, scope: string): void {
  if (!(claims.scope ?? '').split(' ').includes(scope)) throw notGranted(`the access token does not grant the scope ${scope}`);
}

/** Rule: the TPP's own endpoints (consents, reading payments) take a client-credentials token (one not tied to a consent), else 403. */
export function requireClientCredentialsToken(claims: AccessTokenClaims): void {
  if (claims.openbanking_intent_id !== undefined) throw notGranted('this endpoint needs a client-credentials access token');
}

/** Rule: endpoints acting for a PSU take a token the PSU authorised for a consent (openbanking_intent_id), else 403. */
export function consentOfToken(claims: AccessTokenClaims): string {
  const intentId = claims.openbanking_intent_id;
  if (typeof intentId !== 'string' || !intentId) throw notGranted('this endpoint needs an access token authorised by the PSU for a consent');
  return intentId;
}
