import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES, refusalText } from '@fapi/refusal-catalogue';
import { FAPI_SIGNING_ALGS } from './signing-algorithms';

/** How old a DPoP proof may be when it arrives (its iat): a client makes one for each request, just before sending it. */
export const DPOP_PROOF_MAX_AGE_SECONDS = 60;

/** The oidc_model kind of a remembered DPoP proof (keyed by its key's thumbprint and its jti). */
const REMEMBERED_PROOF = 'DPoPProof';

/** Records an id once in the shared table (ReplayRecords.rememberOnce): false when a live entry already holds it. */
export type RememberOnce = (kind: string, id: string, expiresInSeconds: number) => Promise<boolean>;

/**
 * RFC 9449 with oidc-provider's features.dPoP (FAPI 2.0 Security Profile 5.3.2.1-5, -10, -12): a proof is a dpop+jwt
 * signed (PS256 or ES256, enabledJWA.dPoPSigningAlgValues: never none, never HS*) by the key in its header, for this
 * request's method (htm) and URL (htu), and carries a nonce this server provided (RFC 9449 8): every instance derives
 * the same nonces from the shared nonceSecret, answers a proof without a current one 400 use_dpop_nonce with the
 * DPoP-Nonce header, and sends a fresh DPoP-Nonce with its answers (openid-client retries use_dpop_nonce by itself).
 * A dpop_bound_access_tokens client's tokens need a proof and carry cnf.jkt; a code pushed with a proof is redeemed
 * only with its key (RFC 9449 10.1). oidc-provider also remembers proof jti (allowReplay false) in the shared table,
 * which is how a replay at userinfo is refused (401 invalid_token).
 */
export function dpopFeature(nonceSecret: Buffer) {
  return { enabled: true, nonceSecret, requireNonce: () => true, allowReplay: false };
}

/**
 * Our checks of a DPoP proof at the token and PAR endpoints, in front of oidc-provider's (which skips the iat check once
 * a nonce is present, and answers a replay or a missing proof invalid_grant), each refused 400 invalid_dpop_proof
 * (RFC 9449 5, 7.1):
 * - iat at most DPOP_PROOF_MAX_AGE_SECONDS old and at most the clock tolerance ahead (RFC 9449 11.1, FAPI 2.0
 *   5.3.2.1-13: never more than 60 s ahead);
 * - its jti never seen before with its key, by any instance: recorded with one atomic statement in the shared table
 *   (RFC 9449 11.1), for as long as its iat keeps it acceptable;
 * - a token request of a dpop_bound_access_tokens client without a proof (RFC 9449 5.2).
 * A proof whose signature does not verify is left to oidc-provider, which refuses it as invalid_dpop_proof.
 */
export function checkDpopProofs(provider: Provider, rememberOnce: RememberOnce, clockToleranceSeconds: number): void {
  const tokenPath = provider.pathFor('token');
  const checkedPaths = new Set([tokenPath, provider.pathFor('pushed_authorization_request')]);
  provider.use(async (ctx, next) => {
    const proof = ctx.get('DPoP');
    if (ctx.method === 'POST' && checkedPaths.has(ctx.path) && proof) {
      const refusal = await refusalOf(proof, rememberOnce, clockToleranceSeconds);
      if (refusal) return refuse(ctx, refusal);
    }
    await next();
    if (ctx.method === 'POST' && ctx.path === tokenPath && !proof && ctx.status === 400 && ctx.oidc?.client?.dpopBoundAccessTokens) {
      refuse(ctx, refusalText(AUTHORIZATION_SERVER_RULES.dpopProofRequired, 'the token request has no DPoP header'));
    }
  });
}

async function refusalOf(proof: string, rememberOnce: RememberOnce, clockToleranceSeconds: number): Promise<string | undefined> {
  const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: FAPI_SIGNING_ALGS }).catch(() => undefined);
  const { iat, jti } = verified?.payload ?? {};
  if (!verified || typeof iat !== 'number' || typeof jti !== 'string') return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (iat < now - DPOP_PROOF_MAX_AGE_SECONDS || iat > now + clockToleranceSeconds) {
    const received = iat > now ? `the DPoP proof iat is ${iat - now} s ahead` : `the DPoP proof iat is ${now - iat} s old`;
    return refusalText(AUTHORIZATION_SERVER_RULES.dpopProofFresh, received);
  }
  const thumbprint = await calculateJwkThumbprint(verified.protectedHeader.jwk!);
  const id = createHash('sha256').update(`${thumbprint}:${jti}`).digest('base64url');
  const firstUse = await rememberOnce(REMEMBERED_PROOF, id, DPOP_PROOF_MAX_AGE_SECONDS + clockToleranceSeconds);
  return firstUse ? undefined : refusalText(AUTHORIZATION_SERVER_RULES.dpopProofOnce, 'the DPoP proof jti was used before');
}

function refuse(ctx: KoaContextWithOIDC, description: string): void {
  ctx.status = 400;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: 'invalid_dpop_proof', error_description: description };
}
