import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { SandboxFiles } from './sandbox-files';
import { CertificateProblem, readSandboxFile } from './tls-identity';

/** The initial access token for dynamic client registration: 32 random bytes, base64url (43 characters). */
export const generateRegistrationToken = (): string => randomBytes(32).toString('base64url');

export const isRegistrationToken = (text: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(text.trim());

/** `<certsDir>/registration.token`, the Bearer token `POST {issuer}/reg` requires; names the file when unusable. */
export function readRegistrationToken(certsDir: string): string {
  const file = path.join(certsDir, SandboxFiles.registrationToken);
  const text = readSandboxFile(file);
  if (!isRegistrationToken(text)) throw new CertificateProblem(file, 'not a registration token (43 base64url characters)');
  return text.trim();
}
