import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a service needs to speak TLS as itself and to trust the sandbox CA (PEM strings). */
export interface TlsIdentity {
  key: string;
  cert: string;
  ca: string;
}

/** Thrown at startup when a service's TLS material is missing or unusable; the message names the file. */
export class CertificateProblem extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}. Run \`npm run certs\` to (re)generate the sandbox certificates.`);
    this.name = 'CertificateProblem';
  }
}

/** Reads a file of the certs folder, naming it when missing. */
export function readSandboxFile(file: string): string {
  if (!existsSync(file)) throw new CertificateProblem(file, 'missing');
  return readFileSync(file, 'utf8');
}

/** Reads a certificate and refuses one that is not yet valid or already expired. */
export function readValidCertificate(file: string, now: Date = new Date()): string {
  const pem = readSandboxFile(file);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new CertificateProblem(file, 'not a PEM certificate');
  }
  if (new Date(certificate.validTo) <= now) throw new CertificateProblem(file, `expired on ${certificate.validTo}`);
  if (new Date(certificate.validFrom) > now) throw new CertificateProblem(file, `not valid before ${certificate.validFrom}`);
  return pem;
}

/** `<certsDir>/<name>.pem` + `<name>.key`, and the CA they chain to (`ca.pem`). */
export function loadTlsIdentity(certsDir: string, name: string, now: Date = new Date()): TlsIdentity {
  return {
    cert: readValidCertificate(path.join(certsDir, `${name}.pem`), now),
    key: readSandboxFile(path.join(certsDir, `${name}.key`)),
    ca: readValidCertificate(path.join(certsDir, 'ca.pem'), now),
  };
}
