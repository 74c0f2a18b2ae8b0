import { errors } from 'oidc-provider';
import { FAPI_SIGNING_ALGS } from './signing-algorithms';

/** The scopes the bank's APIs accept. */
export const BANK_SCOPES = ['accounts', 'payments'];

// docs/architecture.md "Authorization server": every access token is a PS256-signed JWT for one resource, the bank
// (aud = bankUrl), so the bank verifies it offline with /jwks; a request naming another resource is refused
// (invalid_target), and authorization-code tokens stay bank tokens even though openid was requested.
export function bankResource(bankUrl: string) {
  return {
    defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) => oneOf ?? bankUrl,
    useGrantedResource: async () => true,
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
