import { errors } from 'oidc-provider';

// RFC 8705 2.1.2: a tls_client_auth client is known by its certificate's subject DN (the one name the sandbox CA
// vouches for); the SAN variants are not supported.
export function tlsClientAuthBySubjectDn(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.token_endpoint_auth_method === 'tls_client_auth' && typeof metadata.tls_client_auth_subject_dn !== 'string') {
    throw new errors.InvalidClientMetadata('tls_client_auth clients are registered with tls_client_auth_subject_dn');
  }
  for (const san of ['tls_client_auth_san_dns', 'tls_client_auth_san_uri', 'tls_client_auth_san_ip', 'tls_client_auth_san_email']) {
    if (metadata[san] !== undefined) throw new errors.InvalidClientMetadata(`${san} is not supported, register tls_client_auth_subject_dn`);
  }
}
