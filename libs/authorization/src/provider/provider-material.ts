import { hkdfSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CertificateProblem } from '@fapi/pki';

/** What the provider needs from the certs folder: its signing keys, the registration token and its cookie keys. */
export interface ProviderMaterial {
  /** Private JWKS (PS256 RSA key and ES256 P-256 key); the public half is served at /jwks. */
  jwks: { keys: Record<string, unknown>[] };
  /** The initial access token that authorises dynamic client registration. */
  registrationToken: string;
  /** Keys that sign the provider's cookies; every instance derives the same ones, so each accepts the others' cookies. */
  cookieKeys: string[];
}

export const MaterialFiles = {
  signingJwks: 'as-signing.jwks.json',
  registrationToken: 'registration.token',
  cookieSecret: 'cookie.secret',
} as const;

function readRequired(file: string): string {
  if (!existsSync(file)) throw new CertificateProblem(file, 'missing');
  return readFileSync(file, 'utf8').trim();
}

function readSigningJwks(file: string): ProviderMaterial['jwks'] {
  const jwks = JSON.parse(readRequired(file)) as ProviderMaterial['jwks'];
  const algs = new Set(jwks.keys?.filter((key) => 'd' in key).map((key) => key.alg));
  if (!algs.has('PS256') || !algs.has('ES256')) throw new CertificateProblem(file, 'not a private JWKS with a PS256 and an ES256 key');
  return jwks;
}

/**
 * Cookie keys: `cookie.secret` when the folder has one (so it can be rotated on its own), otherwise derived with
 * HKDF-SHA256 from the registration token, a secret every instance already shares. Never random per boot: two
 * instances, or one restarted, must accept each other's session and interaction cookies.
 */
function cookieKeys(certsDir: string, registrationToken: string): string[] {
  const secretFile = path.join(certsDir, MaterialFiles.cookieSecret);
  if (existsSync(secretFile)) return [readRequired(secretFile)];
  const derived = hkdfSync('sha256', registrationToken, 'fapi-sandbox-authorization-server', 'oidc-provider cookie keys', 32);
  return [Buffer.from(derived).toString('base64url')];
}

export function loadProviderMaterial(certsDir: string): ProviderMaterial {
  const registrationToken = readRequired(path.join(certsDir, MaterialFiles.registrationToken));
  return {
    jwks: readSigningJwks(path.join(certsDir, MaterialFiles.signingJwks)),
    registrationToken,
    cookieKeys: cookieKeys(certsDir, registrationToken),
  };
}
