import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

// RFC 8705 2.1.2: a tls_client_auth client is known by its certificate's subject DN (the one name the sandbox CA
// vouches for); the SAN variants are not supported.
export function tlsClientAuthBySubjectDn(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.token_endpoint_auth_method === 'tls_client_auth' && typeof metadata.tls_client_auth_subject_dn !== 'string') {
    throw new errors.InvalidClientMetadata(refusalText(RULES.subjectDnRegistered, 'tls_client_auth_subject_dn is absent'));
  }
  for (const san of ['tls_client_auth_san_dns', 'tls_client_auth_san_uri', 'tls_client_auth_san_ip', 'tls_client_auth_san_email']) {
    if (metadata[san] !== undefined) throw new errors.InvalidClientMetadata(refusalText(RULES.subjectDnRegistered, `${san} is registered`));
  }
}
