import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { subjectDn, x5tS256 } from './certificate-facts';

const keys = forge.pki.rsa.generateKeyPair(1024);
const cert = forge.pki.createCertificate();
cert.publicKey = keys.publicKey;
cert.serialNumber = '0a';
cert.validity.notBefore = new Date();
cert.validity.notAfter = new Date(Date.now() + 3600_000);
const subject = [
  { name: 'countryName', value: 'GB' },
  { name: 'organizationName', value: 'FAPI Sandbox' },
  { name: 'commonName', value: 'Acme TPP' },
];
cert.setSubject(subject);
cert.setIssuer(subject);
cert.sign(keys.privateKey, forge.md.sha256.create());
const pem = forge.pki.certificateToPem(cert);

describe('certificate facts that bind tokens and clients to certificates', () => {
  it('x5t#S256 is the base64url SHA-256 of the DER', () => {
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
    expect(x5tS256(pem)).toBe(createHash('sha256').update(der).digest('base64url'));
    expect(x5tS256(new X509Certificate(pem))).toBe(x5tS256(pem));
  });

  it('subject DN reads most-specific first, as RFC 4514 writes it', () => {
    expect(subjectDn(pem)).toBe('CN=Acme TPP,O=FAPI Sandbox,C=GB');
  });
});
