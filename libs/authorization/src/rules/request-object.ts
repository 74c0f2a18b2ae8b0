import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

const MAX_LIFETIME_SECONDS = 60 * 60;

// FAPI 1.0 Advanced 5.2.2-13, -15, -17: a request object carries exp, nbf and aud, and lives at most 60 minutes from
// nbf to exp. (oidc-provider checks that aud is this issuer, iss is the client, nbf/exp against the clock, and the
// signature with the client's registered request_object_signing_alg.)
export function assertRequestObjectLifetime(claims: Record<string, unknown>): void {
  for (const claim of ['exp', 'nbf', 'aud']) {
    if (claims[claim] === undefined) throw new errors.InvalidRequestObject(refusalText(RULES.requestObjectClaims, `the request object has no ${claim} claim`));
  }
  const lifetime = Number(claims.exp) - Number(claims.nbf);
  if (!(lifetime > 0 && lifetime <= MAX_LIFETIME_SECONDS)) {
    const received = `request object exp - nbf is ${Number.isFinite(lifetime) ? lifetime : 'not a number of'} s`;
    throw new errors.InvalidRequestObject(refusalText(RULES.requestObjectLifetime, received));
  }
}
