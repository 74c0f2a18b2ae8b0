import { errors, type KoaContextWithOIDC } from 'oidc-provider';

// FAPI 1.0 Advanced 5.2.2-14 + RFC 7523 3: a private_key_jwt assertion is addressed to this server (aud = the issuer or
// the token endpoint) and not issued in the future. Both audiences come from the configured issuer, never from the
// request (oidc-provider's own list is built from its Host header). (oidc-provider itself checks iss = sub =
// client_id, exp, the signature with the registered alg, and jti replay through durable storage.)
export function assertClientAssertionAudienceAndIssuedAt(clockToleranceSeconds: number) {
  return async (ctx: KoaContextWithOIDC, claims: { aud?: unknown; iat?: unknown }): Promise<void> => {
    const { issuer, provider } = ctx.oidc;
    const accepted = new Set([issuer, new URL(provider.pathFor('token'), issuer).href]);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((aud) => typeof aud === 'string' && accepted.has(aud))) {
      throw new errors.InvalidClientAuth('audience (aud) must be the issuer identifier or the token endpoint url');
    }
    if (typeof claims.iat === 'number' && claims.iat > Math.floor(Date.now() / 1000) + clockToleranceSeconds) {
      throw new errors.InvalidClientAuth('client assertion issued in the future (iat)');
    }
  };
}
