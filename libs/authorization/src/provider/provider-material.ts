import { hkdfSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readAsSigningJwks, readRegistrationToken } from '@fapi/pki';

/** What the provider needs from the certs folder: its signing keys, the registration token, its cookie keys and DPoP nonce secret. */
export interface ProviderMaterial {
  /** Private JWKS (PS256 RSA key and ES256 P-256 key); the public half is served at /jwks. */
  jwks: { keys: Record<string, unknown>[] };
  /** The initial access token that authorises dynamic client registration. */
  registrationToken: string;
  /** Keys that sign the provider's cookies; every instance derives the same ones, so each accepts the others' cookies. */
  cookieKeys: string[];
  /** The 32-byte secret DPoP nonces are derived from; every instance derives the same one, so each accepts the others' nonces. */
  dpopNonceSecret: Buffer;
}

/** The optional file of the cookie key (the other files are @fapi/pki's SandboxFiles). */
export const COOKIE_SECRET_FILE = 'cookie.secret';

/**
 * Cookie keys: `cookie.secret` when the folder has one (so it can be rotated on its own), otherwise derived with
 * HKDF-SHA256 from the registration token, a secret every instance already shares. Never random per boot: two
 * instances, or one restarted, must accept each other's session and interaction cookies.
 */
function cookieKeys(certsDir: string, registrationToken: string): string[] {
  const secretFile = path.join(certsDir, COOKIE_SECRET_FILE);
  if (existsSync(secretFile)) return [readFileSync(secretFile, 'utf8').trim()];
  const derived = hkdfSync('sha256', registrationToken, 'fapi-sandbox-authorization-server', 'oidc-provider cookie keys', 32);
  return [Buffer.from(derived).toString('base64url')];
}

/** The DPoP nonce secret: derived like the cookie keys from the registration token, with its own label. */
function dpopNonceSecret(registrationToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', registrationToken, 'fapi-sandbox-authorization-server', 'oidc-provider DPoP nonces', 32));
}

export function loadProviderMaterial(certsDir: string): ProviderMaterial {
  const registrationToken = readRegistrationToken(certsDir);
  return {
    jwks: readAsSigningJwks(certsDir) as ProviderMaterial['jwks'],
    registrationToken,
    cookieKeys: cookieKeys(certsDir, registrationToken),
    dpopNonceSecret: dpopNonceSecret(registrationToken),
  };
}
