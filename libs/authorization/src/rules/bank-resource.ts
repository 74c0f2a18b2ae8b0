import { errors } from 'oidc-provider';
import { FAPI_SIGNING_ALGS } from './signing-algorithms';

/** The scopes the bank's APIs accept. */
export const BANK_SCOPES = ['accounts', 'payments'];

/**
 * A token request that asks for `openid` alone (a refresh with scope=openid) wants a userinfo token: OIDC userinfo
 * only accepts tokens without an audience, which bank tokens always have.
 */
const asksForUserinfoOnly = (ctx: { oidc?: { params?: { scope?: unknown } } }) => ctx.oidc?.params?.scope === 'openid';

// docs/architecture.md "Authorization server": every access token is a PS256-signed JWT for one resource, the bank
// (aud = bankUrl), so the bank verifies it offline with /jwks; a request naming another resource is refused
// (invalid_target), and authorization-code tokens stay bank tokens even though openid was requested. The one
// exception is the userinfo token above: opaque, certificate-bound, stored, and useless at the bank.
export function bankResource(bankUrl: string) {
  return {
    defaultResource: async (ctx: never, _client: unknown, oneOf?: string[]) => (asksForUserinfoOnly(ctx) ? undefined : (oneOf ?? bankUrl)),
    useGrantedResource: async (ctx: never) => !asksForUserinfoOnly(ctx),
    getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string) => {
      if (resourceIndicator !== bankUrl) throw new errors.InvalidTarget();
      return {
        audience: bankUrl,
        scope: BANK_SCOPES.join(' '),
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: FAPI_SIGNING_ALGS[0] } },
      };
    },
  };
}
