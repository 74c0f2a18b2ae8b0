import { errors } from 'oidc-provider';

/** The registration policy's name, attached to the initial access token. */
export const FAPI_CLIENT_METADATA_POLICY = 'fapi-client-metadata';

function refuse(description: string): never {
  throw new errors.InvalidClientMetadata(description);
}

// FAPI 1.0 Advanced 5.2.2 + RFC 8705 at registration: a client must hold certificate-bound tokens
// (tls_client_certificate_bound_access_tokens true), send signed request objects, redirect only to https URIs, and, with tls_client_auth, be known
// by its certificate's subject DN. (oidc-provider's own enums refuse other auth methods, response types and
// algorithms than the ones this server enables: private_key_jwt / tls_client_auth, PS256 / ES256.)
export async function fapiClientMetadata(_ctx: unknown, metadata: Record<string, unknown>): Promise<void> {
  if (metadata.tls_client_certificate_bound_access_tokens !== true) {
    refuse('tls_client_certificate_bound_access_tokens must be true');
  }
  // FAPI 1.0 Advanced 5.2.2-1: every authorization request is a signed request object (true when not registered).
  if (metadata.require_signed_request_object === false) refuse('require_signed_request_object must be true');
  const redirectUris = metadata.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.some((uri) => typeof uri !== 'string' || URL.parse(uri)?.protocol !== 'https:')) {
    refuse('redirect_uris must only contain https uris');
  }
  if (metadata.token_endpoint_auth_method === 'tls_client_auth' && typeof metadata.tls_client_auth_subject_dn !== 'string') {
    refuse('tls_client_auth clients are registered with tls_client_auth_subject_dn');
  }
  for (const san of ['tls_client_auth_san_dns', 'tls_client_auth_san_uri', 'tls_client_auth_san_ip', 'tls_client_auth_san_email']) {
    if (metadata[san] !== undefined) refuse(`${san} is not supported, register tls_client_auth_subject_dn`);
  }
}
