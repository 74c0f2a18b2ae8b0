import { errors, type KoaContextWithOIDC } from 'oidc-provider';

// RFC 7523 3 and RFC 9126 2 (FAPI 1.0 Advanced 5.2.2-14 relies on them): a private_key_jwt assertion is addressed to
// this server — its issuer identifier, its token endpoint, or the URL of the endpoint it is presented at (e.g. PAR) —
// and is not issued in the future. Every accepted audience is built on the configured issuer, never on the request
// (oidc-provider's own list is built from its Host header). (oidc-provider itself checks iss = sub = client_id, exp, the
// signature with the registered alg, and jti replay through durable storage.)
export function assertClientAssertionAudienceAndIssuedAt(clockToleranceSeconds: number) {
  return async (ctx: KoaContextWithOIDC, claims: { aud?: unknown; iat?: unknown }): Promise<void> => {
    const { issuer, provider, route } = ctx.oidc;
    const endpointUrl = (name: string) => new URL(provider.pathFor(name), issuer).href;
    const accepted = new Set([issuer, endpointUrl('token'), ...(route ? [endpointUrl(route)] : [])]);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((aud) => typeof aud === 'string' && accepted.has(aud))) {
      throw new errors.InvalidClientAuth('audience (aud) must be the issuer identifier, the token endpoint url or the url of this endpoint');
    }
    if (typeof claims.iat === 'number' && claims.iat > Math.floor(Date.now() / 1000) + clockToleranceSeconds) {
      throw new errors.InvalidClientAuth('client assertion issued in the future (iat)');
    }
  };
}
