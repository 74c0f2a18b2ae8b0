import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import type { AccessTokenClaims } from './access-token';
import { mtlsCertificateBinding } from './bindings/mtls-certificate';

/**
 * One way an access token is sender-constrained (FAPI 1.0 Advanced 6.2.1-1: every access token is): what its claims
 * say it is bound to, and what a request must prove to use it.
 */
export interface TokenBinding {
  /** Whether the token's claims bind it this way (e.g. cnf["x5t#S256"] for RFC 8705). */
  binds(claims: AccessTokenClaims): boolean;
  /** Rule: the request proves it holds what the token is bound to, else 401. */
  requireProof(claims: AccessTokenClaims, request: IncomingMessage): void | Promise<void>;
}

/** The bindings the bank accepts; a second one (DPoP, RFC 9449) is a new file in bindings/ and one entry here. */
export const TOKEN_BINDINGS: readonly TokenBinding[] = [mtlsCertificateBinding];

/** Rule: the token is bound by one of the bank's bindings and the request proves it; a token bound to nothing: 401. */
export async function requireBoundToken(
  claims: AccessTokenClaims,
  request: IncomingMessage,
  bindings: readonly TokenBinding[] = TOKEN_BINDINGS,
): Promise<void> {
  const binding = bindings.find((candidate) => candidate.binds(claims));
  if (!binding) throw ObError.unauthorized();
  await binding.requireProof(claims, request);
}
