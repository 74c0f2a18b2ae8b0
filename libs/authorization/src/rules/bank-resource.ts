import { errors } from 'oidc-provider';
import { FAPI_SIGNING_ALGS } from './signing-algorithms';

/** The scopes the bank's APIs accept. */
export const BANK_SCOPES = ['accounts', 'payments'];

/**
 * A token request that asks for `openid` alone (a refresh with scope=openid) wants a userinfo token: OIDC userinfo
 * only accepts tokens without an audience, which bank tokens always have.
 */
const asksForUserinfoOnly = (ctx: { oidc?: { params?: { scope?: unknown } } }) => ctx.oidc?.params?.scope === 'openid';

// docs/architecture.md "Authorization server": every access token is a JWT signed PS256 (or ES256, when the server is
// configured so: ACCESS_TOKEN_SIGNING_ALG) for one resource, the bank
// (aud = bankUrl), so the bank verifies it offline with /jwks; a request naming another resource is refused
// (invalid_target), and authorization-code tokens stay bank tokens even though openid was requested. The one
// exception is the userinfo token above: opaque, certificate-bound, stored, and useless at the bank.
// Issue 9: a client whose profile may not hold bank tokens (teaching) gets no resource at all: its tokens are opaque,
// without audience, good for userinfo and introspection only, and naming the bank is refused (invalid_target, with
// the teaching description of rules/refused-flows.ts).
export function bankResource(bankUrl: string, mayHoldBankTokens: (client: unknown) => boolean, accessTokenSigningAlg = FAPI_SIGNING_ALGS[0]) {
  return {
    defaultResource: async (ctx: never, client: unknown, oneOf?: string[]) =>
      asksForUserinfoOnly(ctx) || !mayHoldBankTokens(client) ? undefined : (oneOf ?? bankUrl),
    useGrantedResource: async (ctx: never) => !asksForUserinfoOnly(ctx),
    getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string, client: unknown) => {
      if (resourceIndicator !== bankUrl || !mayHoldBankTokens(client)) throw new errors.InvalidTarget();
      return {
        audience: bankUrl,
        scope: BANK_SCOPES.join(' '),
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: accessTokenSigningAlg } },
      };
    },
  };
}
