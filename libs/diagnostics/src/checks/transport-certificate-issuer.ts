import { X509Certificate } from 'node:crypto';
import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

/** RFC 5280 6.1: named by the CA as issuer and signed by the CA's key (a CA of the same name but another key is not it). */
export function issuedBy(certificatePem: string, caPem: string): boolean {
  const certificate = new X509Certificate(certificatePem);
  const ca = new X509Certificate(caPem);
  return certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
}

/** An X509Certificate name as one RFC 4514 line, as subjectDn (@fapi/pki) writes a subject. */
const oneLine = (dn: string) => dn.split('\n').reverse().join(',');

// RFC 8705 2.1 and docs/architecture.md: every sandbox server checks the client certificate against the sandbox CA,
// whose certificate onboarding copies to ca.pem.
export const transportCertificateIssuer: DiagnosticCheck = {
  id: 'transport-certificate-issuer',
  title: 'transport.pem is issued by the CA in ca.pem',
  needs: ['folder'],
  run(context) {
    const { certPem, caPem } = context.onboarded.transport;
    const issuer = oneLine(new X509Certificate(certPem).issuer);
    if (!issuedBy(certPem, caPem)) {
      return problem(
        `transport.pem is not issued by the CA in ca.pem (it names the issuer ${issuer}, but that CA did not sign it)`,
        'use the transport.pem and transport.key onboarding wrote, or onboard again for a certificate of the sandbox CA',
      );
    }
    return passed(`transport.pem is issued by the CA in ca.pem (${issuer})`);
  },
};
