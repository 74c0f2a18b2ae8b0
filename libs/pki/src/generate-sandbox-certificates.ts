import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { caRenewalReason, renewalReason } from './certificate-renewal';
import { createCaCertificate, defaultServerNames, issueServerCertificate, type SandboxCa } from './issue-certificate';
import type { PublicHosts } from './public-hosts';
import { isRegistrationToken, generateRegistrationToken } from './registration-token';
import { generateRsaKeyPem, parseRsaPrivateKey } from './rsa-key';
import { SandboxFiles, SERVER_IDENTITIES } from './sandbox-files';
import { AS_SIGNING_JWKS, BANK_SIGNING_JWKS, generateSigningJwks, signingJwksProblem, type SigningJwksFile } from './signing-keys';

export interface GenerationOptions {
  outDir: string;
  /** The time to check validity against and to issue from (tests simulate expiry with it). */
  now?: Date;
  /** A certificate expiring within this many days is issued again. */
  renewWithinDays?: number;
  /** Host names each server certificate carries besides its defaults; one without them is issued again. */
  publicHosts?: PublicHosts;
}

export type FileOutcome = 'created' | 'renewed' | 'kept';

export interface GeneratedFile {
  /** Absolute path. */
  file: string;
  outcome: FileOutcome;
  /** Why a present file was replaced. */
  reason?: string;
}

export interface GenerationReport {
  outDir: string;
  files: GeneratedFile[];
}

/** Private keys, the signing JWKSs and the registration token are readable by their owner only. */
const SECRET_MODE = 0o600;
const PUBLIC_MODE = 0o644;

const keyProblem = (pem: string) => (parseRsaPrivateKey(pem) ? undefined : 'not an RSA private key');
const tokenProblem = (text: string) => (isRegistrationToken(text) ? undefined : 'not a registration token');

/** Written beside the target and renamed over it, so a crash never leaves a truncated file behind. */
function writeFileAtomically(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

/** The certs folder being brought up to date, recording what happened to each file. */
class CertsFolder {
  readonly files: GeneratedFile[] = [];

  constructor(readonly outDir: string) {}

  /** Keeps the file when it is present and `problem` finds nothing wrong with it; otherwise writes what `produce` makes. */
  async ensure(
    name: string,
    mode: number,
    problem: (content: string) => string | undefined,
    produce: () => string | Promise<string>,
  ): Promise<{ content: string; outcome: FileOutcome }> {
    const file = path.join(this.outDir, name);
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const reason = existing === undefined ? undefined : problem(existing);
    if (existing !== undefined && reason === undefined) {
      this.files.push({ file, outcome: 'kept' });
      return { content: existing, outcome: 'kept' };
    }
    const content = await produce();
    writeFileAtomically(file, content, mode);
    const outcome = existing === undefined ? 'created' : 'renewed';
    this.files.push({ file, outcome, ...(reason && { reason }) });
    return { content, outcome };
  }
}

/** Keeps a usable signing JWKS and replaces a missing or unusable one with fresh keys. */
async function ensureSigningJwks(folder: CertsFolder, jwks: SigningJwksFile): Promise<void> {
  await folder.ensure(
    jwks.name,
    SECRET_MODE,
    (text) => signingJwksProblem(text, jwks),
    async () => `${JSON.stringify(await generateSigningJwks(jwks), null, 2)}\n`,
  );
}

/**
 * Brings the sandbox certs folder (docs/architecture.md "Certificates folder") up to date: creates what is missing,
 * re-issues certificates that expire within `renewWithinDays`, have expired, or were not issued by the current CA
 * (all server certificates when the CA itself is renewed), or do not name every host asked for (`publicHosts`), and
 * keeps every other file byte for byte.
 */
export async function generateSandboxCertificates(options: GenerationOptions): Promise<GenerationReport> {
  const outDir = path.resolve(options.outDir);
  const now = options.now ?? new Date();
  const renewWithinDays = options.renewWithinDays ?? 30;
  mkdirSync(outDir, { recursive: true });
  const folder = new CertsFolder(outDir);

  const caKey = await folder.ensure(SandboxFiles.caKey, SECRET_MODE, keyProblem, generateRsaKeyPem);
  const caCert = await folder.ensure(
    SandboxFiles.caCert,
    PUBLIC_MODE,
    (pem) => caRenewalReason(pem, { keyPem: caKey.content, now, renewWithinDays }),
    () => createCaCertificate(caKey.content, now),
  );
  const ca: SandboxCa = { certPem: caCert.content, keyPem: caKey.content };

  for (const name of SERVER_IDENTITIES) {
    const publicHosts = options.publicHosts?.[name] ?? [];
    const dnsNames = [...defaultServerNames(name), ...publicHosts];
    const key = await folder.ensure(SandboxFiles.serverKey(name), SECRET_MODE, keyProblem, generateRsaKeyPem);
    await folder.ensure(
      SandboxFiles.serverCert(name),
      PUBLIC_MODE,
      (pem) =>
        caCert.outcome === 'kept'
          ? renewalReason(pem, { issuerPem: ca.certPem, keyPem: key.content, now, renewWithinDays, dnsNames })
          : 'the CA was renewed',
      () => issueServerCertificate(ca, name, key.content, now, publicHosts),
    );
  }

  for (const jwks of [AS_SIGNING_JWKS, BANK_SIGNING_JWKS]) await ensureSigningJwks(folder, jwks);
  await folder.ensure(SandboxFiles.registrationToken, SECRET_MODE, tokenProblem, generateRegistrationToken);
  return { outDir, files: folder.files };
}
