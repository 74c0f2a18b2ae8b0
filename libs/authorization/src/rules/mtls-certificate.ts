import type { TLSSocket } from 'node:tls';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { type ConnectionCertificate, connectionCertificate } from '@fapi/pki';

// RFC 8705 2.1 and 3: the client certificate is the one presented on this TLS connection (no proxy headers), a
// tls_client_auth client is authenticated only by a certificate the sandbox CA verified whose subject DN is the
// registered tls_client_auth_subject_dn, and access tokens are bound to that certificate (cnf x5t#S256).
// oidc-provider asks for the certificate several times per request (client authentication, the subject DN, the token's
// binding): it is read once per connection (connectionCertificate, which disables renegotiation first).

/** The client certificate of this request's connection and what is read of it, once per connection. */
export const peerCertificate = (ctx: KoaContextWithOIDC): ConnectionCertificate | undefined => connectionCertificate(ctx.socket as TLSSocket);

export const mtlsFromTlsSocket = {
  getCertificate: (ctx: KoaContextWithOIDC): string | undefined => peerCertificate(ctx)?.pem,
  certificateAuthorized: (ctx: KoaContextWithOIDC): boolean => (ctx.socket as TLSSocket).authorized === true,
  certificateSubjectMatches: (ctx: KoaContextWithOIDC, property: string, expected: string): boolean =>
    property === 'tls_client_auth_subject_dn' && peerCertificate(ctx)?.subjectDn === expected,
};
