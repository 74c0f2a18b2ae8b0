import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ObError } from '@fapi/open-banking';
import { x5tS256 } from '@fapi/pki';
import type { AccessTokenClaims } from '../access-token';
import type { TokenBinding } from '../token-binding';

const boundThumbprint = (claims: AccessTokenClaims) => claims.cnf?.['x5t#S256'];

/**
 * The x5t#S256 of each connection's client certificate, computed on its first request (a keep-alive connection carries
 * many). Renegotiation, the one way a connection could present another certificate, is disabled on it first.
 */
const connectionThumbprints = new WeakMap<TLSSocket, string | undefined>();

function clientCertificateThumbprint(socket: TLSSocket): string | undefined {
  if (!connectionThumbprints.has(socket)) {
    socket.disableRenegotiation();
    const certificate = socket.getPeerX509Certificate();
    connectionThumbprints.set(socket, certificate ? x5tS256(certificate) : undefined);
  }
  return connectionThumbprints.get(socket);
}

/**
 * Rule (RFC 8705, FAPI 1.0 Advanced): the token is bound to the connection's client certificate: the certificate is
 * issued by the sandbox CA (the TLS layer verified it) and its x5t#S256 equals the token's cnf["x5t#S256"]; else 401.
 */
export const mtlsCertificateBinding: TokenBinding = {
  scheme: 'Bearer',
  binds: (claims) => Boolean(boundThumbprint(claims)),
  requireProof(claims, request: IncomingMessage) {
    const socket = request.socket as TLSSocket;
    if (!socket.authorized) throw ObError.unauthorized();
    const thumbprint = clientCertificateThumbprint(socket);
    if (!thumbprint || thumbprint !== boundThumbprint(claims)) throw ObError.unauthorized();
  },
};
