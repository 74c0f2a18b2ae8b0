import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface PemPair {
  cert: string;
  key: string;
}

interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

let serial = 1;

function rsaKey(): forge.pki.rsa.PrivateKey {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
}

function issue(subject: forge.pki.CertificateField[], extensions: object[], issuer?: Issuer): Issuer {
  const key = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  cert.setExtensions(extensions);
  cert.sign(issuer?.key ?? key, forge.md.sha256.create());
  return { cert, key };
}

const toPem = ({ cert, key }: Issuer): PemPair => ({ cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(key) });

/** A signing key pair as a TPP registers it: the private JWK to sign with, the public one to register. */
export interface SigningKey {
  alg: 'PS256' | 'ES256';
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function signingKey(alg: 'PS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(8).toString('hex');
  return {
    alg,
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
  };
}

/**
 * A throwaway certs folder laid out as docs/architecture.md describes (CA, the AS's server identity, its signing JWKS,
 * the registration token), plus client certificates for test TPPs from the same CA.
 */
export class TestPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'as-certs-'));
  readonly registrationToken = randomBytes(32).toString('base64url');
  private readonly ca = issue(
    [
      { name: 'countryName', value: 'GB' },
      { name: 'organizationName', value: 'FAPI Sandbox Test' },
      { name: 'commonName', value: 'Test CA' },
    ],
    [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true },
    ],
  );
  readonly caPem = forge.pki.certificateToPem(this.ca.cert);
  signingJwks: { keys: JWK[] } = { keys: [] };

  async write(): Promise<this> {
    const server = toPem(
      issue(
        [{ name: 'commonName', value: 'authorization-server' }],
        [
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
        ],
        this.ca,
      ),
    );
    this.signingJwks = { keys: [(await signingKey('PS256')).privateJwk, (await signingKey('ES256')).privateJwk] };
    writeFileSync(path.join(this.dir, 'ca.pem'), this.caPem);
    writeFileSync(path.join(this.dir, 'authorization-server.pem'), server.cert);
    writeFileSync(path.join(this.dir, 'authorization-server.key'), server.key);
    writeFileSync(path.join(this.dir, 'as-signing.jwks.json'), JSON.stringify(this.signingJwks));
    writeFileSync(path.join(this.dir, 'registration.token'), this.registrationToken);
    return this;
  }

  /** A transport certificate for a TPP: subject DN "CN=<name>,O=<organisation>,C=GB". */
  clientCertificate(commonName: string, organisation = 'Test TPP Ltd', signedBy: 'sandbox-ca' | 'self' = 'sandbox-ca'): PemPair {
    const subject = [
      { name: 'countryName', value: 'GB' },
      { name: 'organizationName', value: organisation },
      { name: 'commonName', value: commonName },
    ];
    return toPem(issue(subject, [{ name: 'extKeyUsage', clientAuth: true }], signedBy === 'self' ? undefined : this.ca));
  }

  /** The AS's public signing keys (what /jwks should serve). */
  publicSigningJwks(): { keys: JWK[] } {
    return { keys: this.signingJwks.keys.map(({ d, p, q, dp, dq, qi, ...publicPart }) => publicPart) };
  }
}
