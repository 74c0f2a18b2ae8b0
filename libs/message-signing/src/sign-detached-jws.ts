import { FlattenedSign, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { OB_CRIT, OB_CRIT_UNDERSTOOD, OB_DIRECTORY_TAN, OB_SIGNING_ALG, ObClaim } from './ob-signature-header';

/** A private RSA key (2048 bits or more) as jose takes it. */
export type SigningKey = CryptoKey | KeyObject | JWK;

export interface SignDetachedJwsOptions {
  /** The key's id at the trust anchor (the published JWKS). */
  kid: string;
  /** The signer: a TPP `{org-id}/{software-statement-id}`, an ASPSP `{org-id}`. */
  iss: string;
  /** The trust anchor holding the public key; defaults to the Open Banking Directory. */
  tan?: string;
  /** Signing time (`http://openbanking.org.uk/iat`); defaults to now. */
  now?: Date;
}

/** The body as the bytes it is sent as (a string as UTF-8). */
export const bodyBytes = (body: string | Uint8Array): Uint8Array => (typeof body === 'string' ? new TextEncoder().encode(body) : body);

/**
 * The x-jws-signature value for `body`: a PS256 JWS with the OB protected header, made detached by dropping its
 * payload part (RFC 7515 Appendix F) — `<base64url header>..<base64url signature>`. Since v3.1.4 the payload is
 * signed base64url-encoded like any JWS (no `b64`).
 */
export async function signDetachedJws(
  body: string | Uint8Array,
  key: SigningKey,
  { kid, iss, tan = OB_DIRECTORY_TAN, now = new Date() }: SignDetachedJwsOptions,
): Promise<string> {
  const jws = await new FlattenedSign(bodyBytes(body))
    .setProtectedHeader({
      alg: OB_SIGNING_ALG,
      kid,
      typ: 'JOSE',
      cty: 'application/json',
      [ObClaim.iat]: Math.floor(now.getTime() / 1000),
      [ObClaim.iss]: iss,
      [ObClaim.tan]: tan,
      crit: [...OB_CRIT],
    })
    .sign(key, { crit: OB_CRIT_UNDERSTOOD });
  return `${jws.protected}..${jws.signature}`;
}
