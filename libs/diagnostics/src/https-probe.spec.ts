import { freePort, TestPki } from '@fapi/testing';
import { describeNetworkFailure, httpsProbe, Unreachable } from './https-probe';

const URL_ = 'https://as.example:8443/.well-known/openid-configuration';
const failing = (code: string) => Object.assign(new Error(`failed ${code}`), { code });

describe('a request that got no answer says what happened, by the error code, and what to do', () => {
  it.each([
    ['ENOTFOUND', 'the host name as.example does not resolve (DNS ENOTFOUND)'],
    ['ECONNREFUSED', 'connection refused at as.example:8443'],
    ['UND_ERR_CONNECT_TIMEOUT', 'no answer from as.example:8443 within 5 s (UND_ERR_CONNECT_TIMEOUT)'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', "TLS failed: the server's certificate is not issued by the CA in ca.pem (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"],
    ['SELF_SIGNED_CERT_IN_CHAIN', "TLS failed: the server's certificate is not issued by the CA in ca.pem (SELF_SIGNED_CERT_IN_CHAIN)"],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "TLS failed: the server's certificate does not name as.example"],
    ['CERT_HAS_EXPIRED', "TLS failed: the server's certificate is not valid now (CERT_HAS_EXPIRED)"],
    ['ECONNRESET', 'the connection failed (ECONNRESET)'],
  ])('%s', (code, what) => {
    const unreachable = describeNetworkFailure(URL_, failing(code));
    expect(unreachable).toBeInstanceOf(Unreachable);
    expect([unreachable.url, unreachable.what]).toEqual([URL_, what]);
    expect(unreachable.fix).toEqual(expect.any(String));
  });

  it('reads the code of an undici error from its cause too', () => {
    expect(describeNetworkFailure(URL_, new TypeError('fetch failed', { cause: failing('ECONNREFUSED') })).what).toBe('connection refused at as.example:8443');
  });

  it('the real probe, at a port nobody listens on, rejects with Unreachable: connection refused', async () => {
    const pki = await TestPki.create();
    try {
      const port = await freePort();
      const { cert, key } = pki.clientCertificate('Probe');
      await expect(httpsProbe(`https://127.0.0.1:${port}/jwks`, { identity: { cert, key, ca: pki.caPem } })).rejects.toThrow(
        new Unreachable(`https://127.0.0.1:${port}/jwks`, `connection refused at 127.0.0.1:${port}`, ''),
      );
    } finally {
      pki.remove();
    }
  });
});
