import { errors } from 'oidc-provider';

const MAX_LIFETIME_SECONDS = 60 * 60;

// FAPI 1.0 Advanced 5.2.2-13, -15, -17: a request object carries exp, nbf and aud, and lives at most 60 minutes from
// nbf to exp. (oidc-provider checks that aud is this issuer, iss is the client, nbf/exp against the clock, and the
// signature with the client's registered request_object_signing_alg.)
export function assertRequestObjectLifetime(claims: Record<string, unknown>): void {
  for (const claim of ['exp', 'nbf', 'aud']) {
    if (claims[claim] === undefined) throw new errors.InvalidRequestObject(`Request Object is missing the '${claim}' claim`);
  }
  const lifetime = Number(claims.exp) - Number(claims.nbf);
  if (!(lifetime > 0 && lifetime <= MAX_LIFETIME_SECONDS)) {
    throw new errors.InvalidRequestObject("Request Object 'exp' must be after 'nbf' and at most 60 minutes from it");
  }
}
