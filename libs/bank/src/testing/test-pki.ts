import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

/** A certificate and its private key (PEM), as a TLS client or server presents them. */
export interface TestCertificate {
  cert: string;
  key: string;
}

interface Issued extends TestCertificate {
  forgeCert: forge.pki.Certificate;
}

/** Signs a certificate with node:crypto: forge's pure-JS RSA takes about a second per 2048-bit signature. */
function signCertificate(cert: forge.pki.Certificate, issuerKeyPem: string): void {
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption;
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  // getTBSCertificate exists in node-forge but is missing from its type definitions
  const { getTBSCertificate } = forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  const tbs = forge.asn1.toDer(getTBSCertificate(cert)).getBytes();
  cert.signature = sign('sha256', Buffer.from(tbs, 'binary'), createPrivateKey(issuerKeyPem)).toString('binary');
}

const DAY_MS = 24 * 3600 * 1000;

function issue(commonName: string, issuer: Issued | 'self', extensions: object[]): Issued {
  // node:crypto makes the key and the signature (native, fast); forge builds the certificate
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `4${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + DAY_MS);
  const subject = [
    { name: 'countryName', value: 'GB' },
    { name: 'organizationName', value: 'Bank Tests' },
    { name: 'commonName', value: commonName },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer === 'self' ? subject : issuer.forgeCert.subject.attributes);
  cert.setExtensions(extensions);
  signCertificate(cert, issuer === 'self' ? keyPem : issuer.key);
  return { cert: forge.pki.certificateToPem(cert), key: keyPem, forgeCert: cert };
}

const caExtensions = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
];

const serverExtensions = [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  { name: 'extKeyUsage', serverAuth: true },
  { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
];

const clientExtensions = [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  { name: 'extKeyUsage', clientAuth: true },
];

const pem = ({ cert, key }: Issued): TestCertificate => ({ cert, key });

/**
 * A private signing JWKS like `npm run certs` writes for the bank (bank-signing.jwks.json): one RSA 2048 key, alg
 * PS256, use sig, kid = its RFC 7638 thumbprint.
 */
function bankSigningJwks(): { keys: Record<string, string>[] } {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const kid = createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest('base64url');
  return { keys: [{ kid, use: 'sig', alg: 'PS256', ...jwk }] };
}

/**
 * A throwaway PKI for one test file: a sandbox CA with server certificates for the bank and the fake authorization
 * server, two TPP transport certificates, and a TPP certificate from a foreign CA the bank must not trust.
 * `certsDir` holds `ca.pem` and `bank-api.pem/.key`, as startHttpsService reads them, and the bank's message signing
 * key `bank-signing.jwks.json`.
 */
export interface TestPki {
  certsDir: string;
  caPem: string;
  bankServer: TestCertificate;
  authorizationServer: TestCertificate;
  tppA: TestCertificate;
  tppB: TestCertificate;
  foreignTpp: TestCertificate;
}

export function createTestPki(): TestPki {
  const sandboxCa = issue('Bank Tests CA', 'self', caExtensions);
  const foreignCa = issue('Foreign CA', 'self', caExtensions);
  const bankServer = issue('bank-api', sandboxCa, serverExtensions);
  const certsDir = mkdtempSync(path.join(tmpdir(), 'bank-test-certs-'));
  writeFileSync(path.join(certsDir, 'ca.pem'), sandboxCa.cert);
  writeFileSync(path.join(certsDir, 'bank-api.pem'), bankServer.cert);
  writeFileSync(path.join(certsDir, 'bank-api.key'), bankServer.key);
  writeFileSync(path.join(certsDir, 'bank-signing.jwks.json'), JSON.stringify(bankSigningJwks()));
  return {
    certsDir,
    caPem: sandboxCa.cert,
    bankServer: pem(bankServer),
    authorizationServer: pem(issue('authorization-server', sandboxCa, serverExtensions)),
    tppA: pem(issue('TPP A', sandboxCa, clientExtensions)),
    tppB: pem(issue('TPP B', sandboxCa, clientExtensions)),
    foreignTpp: pem(issue('TPP A', foreignCa, clientExtensions)),
  };
}
