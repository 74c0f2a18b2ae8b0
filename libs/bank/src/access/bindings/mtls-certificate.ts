import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ObError } from '@fapi/open-banking';
import { connectionCertificate } from '@fapi/pki';
import type { AccessTokenClaims } from '../access-token';
import type { TokenBinding } from '../token-binding';

const boundThumbprint = (claims: AccessTokenClaims) => claims.cnf?.['x5t#S256'];

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
    const thumbprint = connectionCertificate(socket)?.x5tS256; // once per connection
    if (!thumbprint || thumbprint !== boundThumbprint(claims)) throw ObError.unauthorized();
  },
};
