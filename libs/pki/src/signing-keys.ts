import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { SandboxFiles } from './sandbox-files';
import { CertificateProblem, readSandboxFile } from './tls-identity';

/** The JWS algorithms the sandbox signs with (FAPI 1.0 Advanced allows PS256 and ES256). */
export type SigningAlg = 'PS256' | 'ES256';
export const SIGNING_ALGS: readonly SigningAlg[] = ['PS256', 'ES256'];

/** The key type each algorithm needs: PS256 an RSA key, ES256 a P-256 key. */
const KEY_TYPE: Record<SigningAlg, { kty: string; crv?: string }> = { PS256: { kty: 'RSA' }, ES256: { kty: 'EC', crv: 'P-256' } };

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** A private signing JWK (RSA 2048 for PS256, P-256 for ES256) with `kid` = its RFC 7638 thumbprint, `alg` and `use: sig`. */
export async function generateSigningJwk(alg: SigningAlg): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { kid: await calculateJwkThumbprint(jwk), use: 'sig', alg, ...jwk };
}

/** The public half of a JWK (what a client registers or a server publishes at `/jwks`). */
export function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.has(member))) as JWK;
}

/** A private JWK for `alg`: the right key type, a `kid`, and key material Node can import. */
function isPrivateSigningJwk(jwk: JWK, alg: SigningAlg): boolean {
  const { kty, crv } = KEY_TYPE[alg];
  if (jwk.alg !== alg || jwk.kty !== kty || (crv && jwk.crv !== crv) || !jwk.kid || !jwk.d) return false;
  try {
    createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

/** A private signing JWKS file of the certs folder: its name and the algorithms it must hold a key for. */
export interface SigningJwksFile {
  name: string;
  algs: readonly SigningAlg[];
  /** What the file must be, as a problem report says it. */
  description: string;
}

/** The authorization server's JWKS: one RSA key (PS256) and one P-256 key (ES256), for FAPI 1.0 Advanced. */
export const AS_SIGNING_JWKS: SigningJwksFile = {
  name: SandboxFiles.asSigningJwks,
  algs: SIGNING_ALGS,
  description: 'a JWKS with a PS256 RSA key and an ES256 P-256 private key',
};

/** The bank's JWKS for OB message signing (x-jws-signature), which allows PS256 only: one RSA key. */
export const BANK_SIGNING_JWKS: SigningJwksFile = {
  name: SandboxFiles.bankSigningJwks,
  algs: ['PS256'],
  description: 'a JWKS with a PS256 RSA private key',
};

/** The JWKS from its JSON text when it holds a usable private key for each of the file's algorithms, else undefined. */
function parseSigningJwks(text: string, { algs }: SigningJwksFile): { keys: JWK[] } | undefined {
  let jwks: { keys?: unknown };
  try {
    jwks = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(jwks?.keys)) return undefined;
  const keys = jwks.keys as JWK[];
  return algs.every((alg) => keys.some((jwk) => isPrivateSigningJwk(jwk, alg))) ? { keys } : undefined;
}

/** Why the text cannot serve as `file`, or undefined when it can. */
export const signingJwksProblem = (text: string, file: SigningJwksFile): string | undefined =>
  parseSigningJwks(text, file) ? undefined : `not ${file.description}`;

/** A fresh private JWKS for `file`: one key per algorithm, each with its thumbprint as `kid`. */
export async function generateSigningJwks({ algs }: SigningJwksFile): Promise<{ keys: JWK[] }> {
  return { keys: await Promise.all(algs.map(generateSigningJwk)) };
}

/** `<certsDir>/<file.name>`, refusing (naming the file) a missing or unusable one. */
function readSigningJwks(certsDir: string, signingJwksFile: SigningJwksFile): { keys: JWK[] } {
  const file = path.join(certsDir, signingJwksFile.name);
  const jwks = parseSigningJwks(readSandboxFile(file), signingJwksFile);
  if (!jwks) throw new CertificateProblem(file, `not ${signingJwksFile.description}`);
  return jwks;
}

/** `<certsDir>/as-signing.jwks.json`, the authorization server's private signing JWKS. */
export const readAsSigningJwks = (certsDir: string): { keys: JWK[] } => readSigningJwks(certsDir, AS_SIGNING_JWKS);

/** `<certsDir>/bank-signing.jwks.json`, the bank's private JWKS for signing its OB responses (x-jws-signature). */
export const readBankSigningJwks = (certsDir: string): { keys: JWK[] } => readSigningJwks(certsDir, BANK_SIGNING_JWKS);
