import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { CertificateProblem, loadTlsIdentity } from './tls-identity';

function selfSigned(notBefore: Date, notAfter: Date): { cert: string; key: string } {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: 'test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

describe('a service refuses to start on missing or expired certificates, naming the file', () => {
  const day = 24 * 3600 * 1000;
  const now = new Date('2026-06-01T00:00:00Z');
  const valid = selfSigned(new Date(now.getTime() - day), new Date(now.getTime() + day));
  const expired = selfSigned(new Date(now.getTime() - 3 * day), new Date(now.getTime() - day));

  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'certs-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    return dir;
  }

  it('loads a valid identity with its CA', () => {
    const dir = folder({ 'ca.pem': valid.cert, 'bank-api.pem': valid.cert, 'bank-api.key': valid.key });
    expect(loadTlsIdentity(dir, 'bank-api', now)).toEqual({ cert: valid.cert, key: valid.key, ca: valid.cert });
  });

  it('names the missing key file', () => {
    const dir = folder({ 'ca.pem': valid.cert, 'bank-api.pem': valid.cert });
    expect(() => loadTlsIdentity(dir, 'bank-api', now)).toThrow(new CertificateProblem(path.join(dir, 'bank-api.key'), 'missing'));
  });

  it('names the expired certificate', () => {
    const dir = folder({ 'ca.pem': valid.cert, 'bank-api.pem': expired.cert, 'bank-api.key': expired.key });
    expect(() => loadTlsIdentity(dir, 'bank-api', now)).toThrow(/bank-api\.pem: expired on .*npm run certs/);
  });
});
