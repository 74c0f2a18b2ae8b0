import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { subjectDn, x5tS256 } from './certificate-facts';

/** A TLS connection's client certificate and what the sandbox reads of it. */
export interface ConnectionCertificate {
  certificate: X509Certificate;
  /** PEM, as oidc-provider's mTLS getCertificate hands it on. */
  pem: string;
  /** RFC 8705 x5t#S256. */
  x5tS256: string;
  /** RFC 4514, as tls_client_auth_subject_dn is registered. */
  subjectDn: string;
  notAfter: Date;
}

const connectionCertificates = new WeakMap<TLSSocket, ConnectionCertificate | null>();

/**
 * The client certificate of a TLS connection (verified or not: `socket.authorized` says) and what is read of it,
 * computed on the connection's first request: a keep-alive connection carries many, and reading and hashing the
 * certificate per request cost the authorization server ~3 % of a token grant (issue 11). Renegotiation, the one way
 * a connection could present another certificate, is disabled on it first.
 */
export function connectionCertificate(socket: TLSSocket): ConnectionCertificate | undefined {
  let read = connectionCertificates.get(socket);
  if (read === undefined) {
    socket.disableRenegotiation();
    const certificate = socket.getPeerX509Certificate();
    read = certificate
      ? { certificate, pem: certificate.toString(), x5tS256: x5tS256(certificate), subjectDn: subjectDn(certificate), notAfter: new Date(certificate.validTo) }
      : null;
    connectionCertificates.set(socket, read);
  }
  return read ?? undefined;
}
