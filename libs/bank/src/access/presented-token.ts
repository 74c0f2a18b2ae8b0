import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { BANK_TOKEN_RULES, refusalText } from '@fapi/refusal-catalogue';
import { requestUrl } from '../ob-http/request-url';
import type { AccessTokenClaims } from './access-token';
import type { AccessTokenVerifier } from './access-token-verifier';
import { credentialsMissing, dpopRefusal, dpopTokenMissing } from './unauthorized';

/** The Authorization schemes the bank accepts: Bearer (RFC 6750) for mTLS-bound tokens, DPoP (RFC 9449 7.1). */
export type AuthorizationScheme = 'Bearer' | 'DPoP';

/** An access token as the request presents it: in which scheme, and the token itself. */
export interface PresentedToken {
  scheme: AuthorizationScheme;
  token: string;
}

/** `<scheme> <token68>` (RFC 9110 11.4), the scheme case-insensitive. */
const CREDENTIALS = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Rule (FAPI 1.0 Advanced / RFC 6750 §2.3): an access token in the query string is refused, whatever else is sent: 401. */
export function refuseTokenInQuery(request: IncomingMessage): void {
  if (requestUrl(request).searchParams.has('access_token')) throw ObError.unauthorized();
}

/**
 * Rule (RFC 6750 2.1, RFC 9449 7.1): the access token comes only as `Authorization: Bearer <token>` or
 * `Authorization: DPoP <token>`; anything else is 401, challenging with DPoP when the request is a DPoP one (the DPoP
 * scheme, or a DPoP proof), with Bearer when it tried Bearer, else with both.
 */
export function presentedToken(request: IncomingMessage): PresentedToken {
  const authorization = request.headers.authorization ?? '';
  const match = CREDENTIALS.exec(authorization);
  if (match) return { scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2] };
  if (/^DPoP\b/i.test(authorization) || request.headers.dpop !== undefined) throw dpopTokenMissing();
  if (/^Bearer\b/i.test(authorization)) throw ObError.unauthorized();
  throw credentialsMissing();
}

/**
 * Rule (RFC 6750 3.1, RFC 9449 7.1): a token the AS did not issue, expired or revoked is 401 in the challenge of the
 * scheme it came in (`DPoP error="invalid_token"` for DPoP).
 */
export async function verifiedToken(tokens: Pick<AccessTokenVerifier, 'verify'>, presented: PresentedToken): Promise<AccessTokenClaims> {
  try {
    return await tokens.verify(presented.token);
  } catch (error) {
    if (presented.scheme === 'DPoP' && error instanceof ObError && error.status === 401) {
      throw dpopRefusal('invalid_token', refusalText(BANK_TOKEN_RULES.tokenValid));
    }
    throw error;
  }
}
