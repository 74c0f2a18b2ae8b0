import { connect, type ConnectionOptions } from 'node:tls';

/** What a TLS client offering one version or suite got: the negotiated protocol and suite, or the refusal. */
export type HandshakeOutcome = { protocol: string; cipher: string } | { refused: string };

/**
 * Offers a server exactly one TLS version or suite (no certificate check: only the negotiation is under test) and
 * reports what was agreed. `legacy` lowers OpenSSL's security level so that the client can offer TLS 1.0/1.1 at all.
 */
export function tlsHandshake(
  host: string,
  port: number,
  offer: Pick<ConnectionOptions, 'minVersion' | 'maxVersion' | 'ciphers'> & { legacy?: boolean },
): Promise<HandshakeOutcome> {
  const { legacy, ...versions } = offer;
  return new Promise((resolve) => {
    const socket = connect(
      { host, port, servername: host === '127.0.0.1' ? undefined : host, rejectUnauthorized: false, ...versions, ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}) },
      () => {
        resolve({ protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().name });
        socket.end();
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ refused: error.code ?? error.message }));
  });
}
