import type { OnApplicationShutdown } from '@nestjs/common';
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Agent, fetch } from 'undici';
import { ObError } from '@fapi/open-banking';
import type { AccessTokenClaims } from './access-token';

/** The signing algorithms the sandbox AS uses; anything else (none, HS256, RS256, ...) is refused. */
export const ACCESS_TOKEN_ALGORITHMS = ['PS256', 'ES256'];

/**
 * How long the claims of a token whose signature and claims were verified are kept for the same token bytes (never past
 * its exp). Shorter than jose's JWKS cache (10 minutes), so a key the AS withdraws stops being trusted no later than
 * it would without this; a TPP presents the same token on every call, and a PS256 verification is the request's
 * largest cryptographic cost.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** At most this many verified tokens are kept (the oldest go first). */
const VERIFIED_TOKENS_KEPT = 10_000;

export interface AccessTokenVerifierOptions {
  issuer: string;
  /** The bank's base URL, which tokens must name as their audience. */
  audience: string;
  /** PEM of the CA that signed the authorization server's TLS certificate (the sandbox CA). */
  caPem: string;
  /** Whether the AS revoked this grant (RevokedGrants); tokens of a revoked grant are refused. */
  isGrantRevoked?: (grantId: string) => Promise<boolean>;
}

/**
 * Rule: an access token is a JWT (typ at+jwt, RFC 9068) signed PS256/ES256 by a key of the AS's JWKS
 * (`${issuer}/jwks`, fetched over HTTPS trusting the sandbox CA, cached by jose), with iss = the AS, aud = the bank,
 * an exp not yet passed and a client_id, whose grant (`grant_id`) the AS has not revoked (RFC 6749 4.1.2: a reused
 * authorization code revokes what it issued). Any failure of the token is a 401 with no body; the revocation store
 * failing to answer is not the token's fault (a 500).
 */
export class AccessTokenVerifier implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly keys: JWTVerifyGetKey;
  /** Token → its verified claims and until when they may be reused (map order is insertion order: oldest first). */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; until: number }>();

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.agent = new Agent({ connect: { ca: options.caPem } });
    this.keys = createRemoteJWKSet(new URL(`${options.issuer}/jwks`), {
      [customFetch]: (url, init) => fetch(url, { ...(init as object), dispatcher: this.agent }) as unknown as Promise<Response>,
    });
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const payload = await this.verifiedClaims(token);
    // Outside verifiedClaims' 401: the store failing to answer (e.g. a lost database connection) is the bank's own
    // error (500), not a reason for the TPP to drop a valid token.
    if (typeof payload.grant_id === 'string' && (await this.options.isGrantRevoked?.(payload.grant_id))) throw ObError.unauthorized();
    return payload;
  }

  private async verifiedClaims(token: string): Promise<AccessTokenClaims> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && known.until > now) return known.claims;
    if (known) this.verified.delete(token);
    const claims = await this.verifiedAnew(token);
    this.remember(token, claims, now);
    return claims;
  }

  /** Keeps verified claims until the token's exp (jose refuses a token at its exp) or the TTL, whichever comes first. */
  private remember(token: string, claims: AccessTokenClaims, now: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { claims, until: Math.min(now + VERIFIED_TOKEN_TTL_MS, (claims.exp as number) * 1000) });
  }

  private async verifiedAnew(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify<AccessTokenClaims>(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'client_id'],
      });
      if (typeof payload.client_id !== 'string' || !payload.client_id) throw new Error('client_id is not a string');
      return payload;
    } catch {
      throw ObError.unauthorized();
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.agent.close();
  }
}
