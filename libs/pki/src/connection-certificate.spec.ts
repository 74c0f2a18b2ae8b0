import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { subjectDn, x5tS256 } from './certificate-facts';
import { connectionCertificate } from './connection-certificate';
import { createCaCertificate, issueClientCertificate } from './issue-certificate';
import { generateRsaKeyPem } from './rsa-key';

const caKeyPem = generateRsaKeyPem();
const ca = { certPem: createCaCertificate(caKeyPem), keyPem: caKeyPem };
const issuedAt = new Date('2026-01-01T00:00:00Z');
const pem = issueClientCertificate(ca, { commonName: 'Keep-alive TPP', organization: 'FAPI Sandbox', validityDays: 365, now: issuedAt }).certPem;

/** A TLS connection that says in which order it was asked what. */
const connection = (presented?: string) => {
  const asked: string[] = [];
  const socket = {
    asked,
    getPeerX509Certificate: () => (asked.push('certificate'), presented ? new X509Certificate(presented) : undefined),
    disableRenegotiation: () => void asked.push('no renegotiation'),
  };
  return socket as typeof socket & TLSSocket;
};

describe("a connection's client certificate is read once, after renegotiation is disabled", () => {
  it('gives the certificate, its PEM, x5t#S256, subject DN and end', () => {
    const read = connectionCertificate(connection(pem));
    expect(read).toEqual({
      certificate: expect.any(X509Certificate),
      pem: new X509Certificate(pem).toString(),
      x5tS256: x5tS256(pem),
      subjectDn: subjectDn(pem),
      notAfter: new Date('2027-01-01T00:00:00Z'), // issued 2026-01-01 for 365 days
    });
  });

  it('reads it on the first request of a connection only, renegotiation disabled before (its one way to present another)', () => {
    const keptAlive = connection(pem);
    const first = connectionCertificate(keptAlive);
    expect(connectionCertificate(keptAlive)).toBe(first);
    expect(keptAlive.asked).toEqual(['no renegotiation', 'certificate']);
  });

  it('a connection without a certificate has none, also asked again', () => {
    const anonymous = connection();
    expect(connectionCertificate(anonymous)).toBeUndefined();
    expect(connectionCertificate(anonymous)).toBeUndefined();
    expect(anonymous.asked).toEqual(['no renegotiation', 'certificate']);
  });
});
