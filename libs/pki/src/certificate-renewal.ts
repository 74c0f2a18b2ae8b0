import { createPrivateKey, X509Certificate } from 'node:crypto';

export interface RenewalCheck {
  /** The certificate that must have issued it (the CA itself for the CA). */
  issuerPem: string;
  keyPem: string;
  now: Date;
  renewWithinDays: number;
  /** DNS names it must carry (subjectAltName dNSName entries); names beyond them are fine. */
  dnsNames?: readonly string[];
}

const DAY_MS = 24 * 3600 * 1000;

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function matchesKey(cert: X509Certificate, keyPem: string): boolean {
  try {
    return cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** The dNSName entries of a certificate's subjectAltName. */
function dnsNamesOf(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice('DNS:'.length));
}

/**
 * Why a certificate must be issued again, or undefined to keep it: unreadable, not (yet) valid, expiring within the
 * renewal window, not issued by the current CA, not matching its key, or not naming a host it must name.
 */
export function renewalReason(certPem: string, check: RenewalCheck): string | undefined {
  const cert = parse(certPem);
  if (!cert) return 'not a PEM certificate';
  const notAfter = new Date(cert.validTo);
  if (notAfter <= check.now) return `expired on ${cert.validTo}`;
  if (notAfter.getTime() - check.now.getTime() <= check.renewWithinDays * DAY_MS) {
    return `expires on ${cert.validTo}, within ${check.renewWithinDays} days`;
  }
  if (new Date(cert.validFrom) > check.now) return `not valid before ${cert.validFrom}`;
  const issuer = parse(check.issuerPem);
  if (!issuer || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return 'not issued by the current CA';
  if (!matchesKey(cert, check.keyPem)) return 'does not match its key';
  const missing = (check.dnsNames ?? []).filter((name) => !dnsNamesOf(cert).includes(name));
  if (missing.length > 0) return `does not name ${missing.join(', ')}`;
  return undefined;
}

/** Why the CA certificate must be issued again: as `renewalReason`, and it must be a self-signed CA certificate. */
export function caRenewalReason(certPem: string, check: Omit<RenewalCheck, 'issuerPem'>): string | undefined {
  if (parse(certPem)?.ca === false) return 'not a CA certificate';
  return renewalReason(certPem, { ...check, issuerPem: certPem });
}
