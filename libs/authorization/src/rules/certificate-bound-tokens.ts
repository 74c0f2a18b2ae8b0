import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';

// FAPI 1.0 Advanced 5.2.2-5 (RFC 8705 3): every access token is bound to the client's certificate, so a FAPI 1.0
// client registers tls_client_certificate_bound_access_tokens true (and never DPoP, which FAPI 1.0 does not know).
export function certificateBoundAccessTokens(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.tls_client_certificate_bound_access_tokens !== true) {
    throw new errors.InvalidClientMetadata(
      refusalText(RULES.certificateBoundTokens, `tls_client_certificate_bound_access_tokens is ${receivedValue(metadata.tls_client_certificate_bound_access_tokens)}`),
    );
  }
  if (metadata.dpop_bound_access_tokens === true) {
    throw new errors.InvalidClientMetadata(refusalText(RULES.fapi1NoDpop, 'dpop_bound_access_tokens is true'));
  }
}
