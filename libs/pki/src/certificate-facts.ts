import { createHash, X509Certificate } from 'node:crypto';

type CertificateInput = X509Certificate | string | Buffer;

const asX509 = (cert: CertificateInput): X509Certificate => (cert instanceof X509Certificate ? cert : new X509Certificate(cert));

/**
 * RFC 8705 `x5t#S256`: base64url SHA-256 of the certificate's DER. A certificate-bound access token carries it in
 * `cnf`, and the resource server compares it with the client certificate of the connection.
 */
export function x5tS256(cert: CertificateInput): string {
  return createHash('sha256').update(asX509(cert).raw).digest('base64url');
}

/**
 * The subject DN as an RFC 4514 string ("CN=Acme TPP,O=FAPI Sandbox,C=GB"): the form onboarding registers as
 * `tls_client_auth_subject_dn` and the authorization server compares with the presented certificate.
 * Names in the sandbox use no characters that RFC 4514 would escape.
 */
export function subjectDn(cert: CertificateInput): string {
  return asX509(cert).subject.split('\n').reverse().join(',');
}
