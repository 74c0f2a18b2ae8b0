import { X509Certificate } from 'node:crypto';
import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

const day = (date: Date) => date.toISOString().slice(0, 10);

// RFC 5280 4.1.2.5: a certificate is valid from notBefore to notAfter only; the AS and the bank refuse it outside.
export const transportCertificateDates: DiagnosticCheck = {
  id: 'transport-certificate-dates',
  title: 'transport.pem is valid today',
  needs: ['folder'],
  run(context) {
    const certificate = new X509Certificate(context.onboarded.transport.certPem);
    const now = context.options.now();
    const validFrom = new Date(certificate.validFrom);
    const validTo = new Date(certificate.validTo);
    if (validTo <= now) return problem(`transport.pem expired on ${day(validTo)}`, 'onboard again (npm run onboard) for a new transport certificate');
    if (validFrom > now) {
      return problem(`transport.pem is not valid before ${validFrom.toISOString()}`, "check this machine's clock, or onboard again for a certificate valid now");
    }
    return passed(`transport.pem is valid until ${day(validTo)}`);
  },
};
