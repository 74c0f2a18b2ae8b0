import path from 'node:path';
import type { SandboxCa } from './issue-certificate';
import { parseRsaPrivateKey } from './rsa-key';
import { SandboxFiles } from './sandbox-files';
import { CertificateProblem, readSandboxFile, readValidCertificate } from './tls-identity';

/** The sandbox CA from the certs folder (`ca.pem` + `ca.key`), to issue certificates with; names the unusable file. */
export function loadSandboxCa(certsDir: string, now: Date = new Date()): SandboxCa {
  const certPem = readValidCertificate(path.join(certsDir, SandboxFiles.caCert), now);
  const keyFile = path.join(certsDir, SandboxFiles.caKey);
  const keyPem = readSandboxFile(keyFile);
  if (!parseRsaPrivateKey(keyPem)) throw new CertificateProblem(keyFile, 'not an RSA private key');
  return { certPem, keyPem };
}
