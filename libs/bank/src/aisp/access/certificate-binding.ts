import type { TLSSocket } from 'node:tls';
import { ObError } from '@fapi/open-banking';
import { x5tS256 } from '@fapi/pki';
import type { AccessTokenClaims } from './access-token';

/**
 * Rule (RFC 8705, FAPI 1.0 Advanced): the token is bound to the connection's client certificate: the certificate is
 * issued by the sandbox CA (the TLS layer verified it) and its x5t#S256 equals the token's cnf["x5t#S256"]; else 401.
 */
export function requireCertificateBoundToken(claims: AccessTokenClaims, socket: TLSSocket): void {
  const bound = claims.cnf?.['x5t#S256'];
  if (!bound || !socket.authorized) throw ObError.unauthorized();
  const certificate = socket.getPeerCertificate();
  if (!certificate?.raw || x5tS256(certificate.raw) !== bound) throw ObError.unauthorized();
}
