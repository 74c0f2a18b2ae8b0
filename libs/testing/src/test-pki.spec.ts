import { X509Certificate } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { subjectDn } from '@fapi/pki';
import { signingKey, TestPki } from './test-pki';

const issuedBy = (cert: string, caPem: string) => new X509Certificate(cert).verify(new X509Certificate(caPem).publicKey);

describe('a throwaway sandbox PKI for tests, made by @fapi/pki', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await TestPki.create();
  });
  afterAll(() => pki.remove());

  it('lays out its folder as `npm run certs` does', () => {
    expect(readdirSync(pki.certsDir).sort()).toEqual(
      [
        'as-signing.jwks.json',
        'authorization-server.key',
        'authorization-server.pem',
        'bank-api.key',
        'bank-api.pem',
        'bank-signing.jwks.json',
        'ca.key',
        'ca.pem',
        'registration.token',
        'tpp-client.key',
        'tpp-client.pem',
      ].sort(),
    );
    expect(pki.registrationToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('issues servers and TPPs from the sandbox CA, and foreign TPP certificates from a CA it does not trust', () => {
    expect(issuedBy(pki.server('bank-api').cert, pki.caPem)).toBe(true);
    const tpp = pki.clientCertificate('TPP A');
    expect(issuedBy(tpp.cert, pki.caPem)).toBe(true);
    expect(subjectDn(tpp.cert)).toBe('CN=TPP A,O=Test TPP Ltd,C=GB');
    const foreign = pki.foreignCertificate('TPP A');
    expect(issuedBy(foreign.cert, pki.caPem)).toBe(false);
    expect(subjectDn(foreign.cert)).toBe(subjectDn(tpp.cert));
  });

  it('publishes only the public half of the authorization server’s signing keys', () => {
    const { keys } = pki.publicSigningJwks();
    expect(keys.map((key) => key.alg).sort()).toEqual(['ES256', 'PS256']);
    for (const key of keys) expect(key.d).toBeUndefined();
  });

  it('makes TPP signing keys: a private JWK to sign with and its public half to register, under one kid', async () => {
    const key = await signingKey('ES256');
    expect(key.privateJwk).toMatchObject({ kid: key.kid, alg: 'ES256', use: 'sig', d: expect.any(String) });
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg: 'ES256', use: 'sig' });
    expect(key.publicJwk.d).toBeUndefined();
  });
});
