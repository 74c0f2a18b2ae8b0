import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { BANK_TOKEN_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import type { AccessTokenClaims } from './access-token';
import { type DpopProofDependencies, dpopProofBinding } from './bindings/dpop-proof';
import { mtlsCertificateBinding } from './bindings/mtls-certificate';
import type { AuthorizationScheme, PresentedToken } from './presented-token';
import { dpopRefusal } from './unauthorized';

/**
 * One way an access token is sender-constrained (FAPI 1.0 Advanced 6.2.1-1, FAPI 2.0 5.3.3: every access token is):
 * what its claims say it is bound to, the Authorization scheme it comes in, and what a request must prove to use it.
 */
export interface TokenBinding {
  /** The scheme a token bound this way is presented in (Bearer for RFC 8705, DPoP for RFC 9449 7.1). */
  scheme: AuthorizationScheme;
  /** Whether the token's claims bind it this way (e.g. cnf["x5t#S256"] for RFC 8705, cnf.jkt for RFC 9449). */
  binds(claims: AccessTokenClaims): boolean;
  /** Rule: the request proves it holds what the token is bound to, else 401. */
  requireProof(claims: AccessTokenClaims, request: IncomingMessage, presented: PresentedToken): void | Promise<void>;
}

/** The token bindings the bank accepts. */
export const tokenBindings = (dpop: DpopProofDependencies): readonly TokenBinding[] => [mtlsCertificateBinding, dpopProofBinding(dpop)];

/** Injection token of the bank's table of token bindings (tokenBindings, built by the bank module). */
export const TOKEN_BINDINGS = Symbol('TOKEN_BINDINGS');

/**
 * Rule: the token is bound exactly one way (a token bound to nothing is a bearer token; one bound two ways is not one
 * the AS issues), else 401.
 */
function bindingOf(claims: AccessTokenClaims, presented: PresentedToken, bindings: readonly TokenBinding[]): TokenBinding {
  const matching = bindings.filter((binding) => binding.binds(claims));
  if (matching.length === 1) return matching[0];
  throw presented.scheme === 'DPoP' ? dpopRefusal('invalid_token', refusalText(RULES.tokenDpopBound, 'the access token has no cnf.jkt')) : ObError.unauthorized();
}

/**
 * Rule (RFC 9449 7.2): the token comes in the scheme of its binding: a DPoP-bound token presented as Bearer is refused
 * (no downgrade to a bearer token), and so is a certificate-bound one presented as DPoP; 401 with the DPoP challenge.
 */
function requireSchemeOf(binding: TokenBinding, presented: PresentedToken): void {
  if (binding.scheme === presented.scheme) return;
  throw dpopRefusal(
    'invalid_token',
    binding.scheme === 'DPoP'
      ? refusalText(RULES.tokenInItsScheme, `the DPoP-bound access token came in the ${presented.scheme} scheme`)
      : refusalText(RULES.tokenDpopBound, 'the access token has no cnf.jkt'),
  );
}

/** The token is bound one way, comes in that binding's scheme, and the request proves it holds what the token is bound to. */
export async function requireBoundToken(
  claims: AccessTokenClaims,
  presented: PresentedToken,
  request: IncomingMessage,
  bindings: readonly TokenBinding[],
): Promise<void> {
  const binding = bindingOf(claims, presented, bindings); // 401
  requireSchemeOf(binding, presented); // 401
  await binding.requireProof(claims, request, presented); // 401
}
