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

/** The AS signing JWKS from its JSON text when it holds a usable PS256 and ES256 private key, else undefined. */
export function parseAsSigningJwks(text: string): { keys: JWK[] } | undefined {
  let jwks: { keys?: unknown };
  try {
    jwks = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(jwks?.keys)) return undefined;
  const keys = jwks.keys as JWK[];
  return SIGNING_ALGS.every((alg) => keys.some((jwk) => isPrivateSigningJwk(jwk, alg))) ? { keys } : undefined;
}

/** The authorization server's private signing JWKS: one RSA key (PS256) and one P-256 key (ES256). */
export async function generateAsSigningJwks(): Promise<{ keys: JWK[] }> {
  return { keys: await Promise.all(SIGNING_ALGS.map(generateSigningJwk)) };
}

/** `<certsDir>/as-signing.jwks.json`, refusing (naming the file) a missing or unusable one. */
export function readAsSigningJwks(certsDir: string): { keys: JWK[] } {
  const file = path.join(certsDir, SandboxFiles.asSigningJwks);
  const jwks = parseAsSigningJwks(readSandboxFile(file));
  if (!jwks) throw new CertificateProblem(file, 'not a JWKS with a PS256 RSA key and an ES256 P-256 private key');
  return jwks;
}
