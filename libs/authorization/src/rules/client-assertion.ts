import { type Client, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import { profileOf } from '../profiles/client-profile';

// Whom a private_key_jwt assertion may address is the client profile's rule (its assertionAudience):
// - FAPI 1.0 Advanced 5.2.2-14 relies on RFC 7523 3 and RFC 9126 2: this server's issuer identifier, its token endpoint,
//   or the URL of the endpoint the assertion is presented at (e.g. PAR), alone or among others in an array;
// - FAPI 2.0 Security Profile 5.3.2.1-8: the issuer identifier only, as a string.
// Every accepted audience is built on the configured issuer, never on the request (oidc-provider's own list is built
// from its Host header). The assertion must not be issued in the future either. Its signature is verified before this
// runs, so the refusal may tell the client which rule refused it, in error_description (oidc-provider keeps the message
// of an InvalidClientAuth to its error_detail, which the client never sees). (oidc-provider itself checks iss = sub =
// client_id, exp, the signature with the registered alg, and jti replay through the shared table.)
export function assertClientAssertionAudienceAndIssuedAt(clockToleranceSeconds: number) {
  return async (ctx: KoaContextWithOIDC, claims: { aud?: unknown; iat?: unknown }, _header?: unknown, client?: Client): Promise<void> => {
    const { issuer, provider, route } = ctx.oidc;
    const profile = profileOf(client as Record<string, unknown> | undefined);
    const { issuerOnly } = profile.assertionAudience;
    const endpointUrl = (name: string) => new URL(provider.pathFor(name), issuer).href;
    const accepted = new Set(issuerOnly ? [issuer] : [issuer, endpointUrl('token'), ...(route ? [endpointUrl(route)] : [])]);
    const audiences = Array.isArray(claims.aud) && !issuerOnly ? claims.aud : [claims.aud];
    if (!audiences.some((aud) => typeof aud === 'string' && accepted.has(aud))) {
      const description = refusalText(profile.assertionAudience.rule, `aud is ${receivedValue(claims.aud)}`);
      throw Object.assign(new errors.InvalidClientAuth(), { error_description: description });
    }
    if (typeof claims.iat === 'number' && claims.iat > Math.floor(Date.now() / 1000) + clockToleranceSeconds) {
      const received = `iat is ${claims.iat - Math.floor(Date.now() / 1000)} s ahead`;
      throw Object.assign(new errors.InvalidClientAuth(), { error_description: refusalText(AUTHORIZATION_SERVER_RULES.assertionIssuedAt, received) });
    }
  };
}
