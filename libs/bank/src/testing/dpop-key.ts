import { createHash, randomUUID } from 'node:crypto';
import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** What a test changes in a proof: header members and claims to add or override (undefined removes one), or the signing key. */
export interface ProofOptions {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** Sign with this key instead of the DPoP key (the header still names the DPoP key's jwk unless `header` changes it). */
  signWith?: PrivateKey | Uint8Array;
}

/** base64url(SHA-256(access token)): a proof's ath (RFC 9449 4.2). */
export const accessTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A TPP's DPoP key (RFC 9449) and the proofs it signs, as a client such as openid-client makes them. */
export class DpopKey {
  private constructor(
    private readonly privateKey: PrivateKey,
    readonly alg: 'ES256' | 'PS256',
    readonly publicJwk: JWK,
    readonly privateJwk: JWK,
    /** Its JWK SHA-256 thumbprint: the cnf.jkt of the tokens bound to it. */
    readonly jkt: string,
  ) {}

  static async generate(alg: 'ES256' | 'PS256' = 'ES256'): Promise<DpopKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    return new DpopKey(privateKey, alg, publicJwk, await exportJWK(privateKey), await calculateJwkThumbprint(publicJwk, 'sha256'));
  }

  /** A proof of `method` `url` for `accessToken`, issued now with a fresh jti. */
  proof(method: string, url: string, accessToken: string, options: ProofOptions = {}): Promise<string> {
    const header = withoutUndefined({ alg: this.alg, typ: 'dpop+jwt', jwk: this.publicJwk, ...options.header });
    const claims = withoutUndefined({
      jti: randomUUID(),
      htm: method,
      htu: url,
      iat: Math.floor(Date.now() / 1000),
      ath: accessTokenHash(accessToken),
      ...options.claims,
    });
    if (header.alg === 'none') return Promise.resolve(`${encodeJson(header)}.${encodeJson(claims)}.`);
    return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(options.signWith ?? this.privateKey);
  }
}

const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
