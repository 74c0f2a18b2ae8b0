import type { AccessTokenClaims } from './access-token';
import { BANK_ACCESS_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import { notGranted } from './not-granted';

/** Rule: the token carries the scope the API needs (accounts for AISP, payments for PISP), else 403. */
export function requireScope(claims: AccessTokenClaims, scope: string): void {
  if (!(claims.scope ?? '').split(' ').includes(scope)) {
    throw notGranted(refusalText(RULES.tokenScope, `the access token grants ${receivedValue(claims.scope)}, not ${scope}`));
  }
}

/** Rule: the TPP's own endpoints (consents, reading payments) take a client-credentials token (one not tied to a consent), else 403. */
export function requireClientCredentialsToken(claims: AccessTokenClaims): void {
  if (claims.openbanking_intent_id !== undefined) {
    throw notGranted(refusalText(RULES.clientCredentialsToken, 'the access token was authorised by a PSU for a consent'));
  }
}

/** Rule: endpoints acting for a PSU take a token the PSU authorised for a consent (openbanking_intent_id), else 403. */
export function consentOfToken(claims: AccessTokenClaims): string {
  const intentId = claims.openbanking_intent_id;
  if (typeof intentId !== 'string' || !intentId) {
    throw notGranted(refusalText(RULES.psuAuthorisedToken, 'the access token names no consent (openbanking_intent_id)'));
  }
  return intentId;
}
