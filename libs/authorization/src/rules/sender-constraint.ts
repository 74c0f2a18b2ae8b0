import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

// FAPI 2.0 Security Profile 5.3.2.1-4, -5: access tokens are sender-constrained by mTLS (RFC 8705,
// tls_client_certificate_bound_access_tokens) or DPoP (RFC 9449, dpop_bound_access_tokens); a client registers exactly
// one, so every token it gets is bound the one way its resource server will check. (A DPoP client is recorded with
// tls_client_certificate_bound_access_tokens false, which the server's client defaults would otherwise make true.)
export function oneSenderConstraint(_ctx: unknown, metadata: Record<string, unknown>): void {
  const mtls = metadata.tls_client_certificate_bound_access_tokens === true;
  const dpop = metadata.dpop_bound_access_tokens === true;
  if (mtls === dpop) {
    throw new errors.InvalidClientMetadata(refusalText(RULES.oneSenderConstraint, mtls ? 'both are true' : 'neither is true'));
  }
  if (dpop) metadata.tls_client_certificate_bound_access_tokens = false;
}
