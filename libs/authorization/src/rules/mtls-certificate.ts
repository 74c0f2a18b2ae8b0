import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { subjectDn } from '@fapi/pki';

// RFC 8705 2.1 and 3: the client certificate is the one presented on this TLS connection (no proxy headers), a
// tls_client_auth client is authenticated only by a certificate the sandbox CA verified whose subject DN is the
// registered tls_client_auth_subject_dn, and access tokens are bound to that certificate (cnf x5t#S256).
// oidc-provider asks for the certificate several times per request (client authentication, the subject DN, the token's
// binding): it is read from the connection once per request (issue 11: reading it was a tenth of a grant's CPU time).
const certificateOfRequest = new WeakMap<KoaContextWithOIDC, X509Certificate | null>();

/** The client certificate of this request's connection, read once per request (every reader shares it). */
export function peerCertificate(ctx: KoaContextWithOIDC): X509Certificate | undefined {
  let certificate = certificateOfRequest.get(ctx);
  if (certificate === undefined) {
    certificate = (ctx.socket as TLSSocket).getPeerX509Certificate?.() ?? null;
    certificateOfRequest.set(ctx, certificate);
  }
  return certificate ?? undefined;
}

export const mtlsFromTlsSocket = {
  getCertificate: (ctx: KoaContextWithOIDC): string | undefined => peerCertificate(ctx)?.toString(),
  certificateAuthorized: (ctx: KoaContextWithOIDC): boolean => (ctx.socket as TLSSocket).authorized === true,
  certificateSubjectMatches: (ctx: KoaContextWithOIDC, property: string, expected: string): boolean => {
    const certificate = peerCertificate(ctx);
    return property === 'tls_client_auth_subject_dn' && certificate !== undefined && subjectDn(certificate) === expected;
  },
};
