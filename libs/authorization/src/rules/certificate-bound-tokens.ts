import { errors } from 'oidc-provider';

// FAPI 1.0 Advanced 5.2.2-5 (RFC 8705 3): every access token is bound to the client's certificate, so a FAPI 1.0
// client registers tls_client_certificate_bound_access_tokens true (and never DPoP, which FAPI 1.0 does not know).
export function certificateBoundAccessTokens(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.tls_client_certificate_bound_access_tokens !== true) {
    throw new errors.InvalidClientMetadata('tls_client_certificate_bound_access_tokens must be true');
  }
  if (metadata.dpop_bound_access_tokens === true) {
    throw new errors.InvalidClientMetadata('dpop_bound_access_tokens is for FAPI 2.0 clients (client_profile fapi2)');
  }
}
