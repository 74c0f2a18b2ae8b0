import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, type FlattenedVerifyGetKey, type JSONWebKeySet } from 'jose';
import { NatsContractClient, Requests } from '@fapi/nats-contract';

/** How long the bank trusts a TPP's registered keys before asking the authorization server again. */
export const CLIENT_KEYS_TTL_MS = 30_000;

/** Where a TPP's registered public keys come from: the authorization server (Requests.getClientKeys). */
export type ClientKeysSource = (clientId: string) => Promise<JSONWebKeySet>;

/**
 * A key set's resolver for verifying signatures, made at its first use: jose imports each key once per resolver, so
 * the resolver is kept with its key set instead of the key set being imported again at every request. Made lazily so
 * that a malformed key set fails where it did before, inside the signature check.
 */
function verificationKeysOf(jwks: JSONWebKeySet): FlattenedVerifyGetKey {
  let resolve: FlattenedVerifyGetKey | undefined;
  return (header, token) => (resolve ??= createLocalJWKSet(jwks))(header, token);
}

interface CachedKeys {
  verificationKeys: Promise<FlattenedVerifyGetKey>;
  until: number;
}

/**
 * The TPPs' registered public JWKS, which their x-jws-signatures must verify against, kept for CLIENT_KEYS_TTL_MS
 * per client (so a burst of payments asks the AS once, and imports the keys once; a key rotated at the AS is seen
 * within the TTL). A client the AS does not know has no keys; a failure to ask is not cached.
 */
export class ClientKeys {
  private readonly cache = new Map<string, CachedKeys>();

  constructor(
    private readonly source: ClientKeysSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** The client's keys as a resolver for verifyDetachedJws, the same one while the keys are cached. */
  verificationKeysOf(clientId: string): Promise<FlattenedVerifyGetKey> {
    return this.cached(clientId).verificationKeys;
  }

  private cached(clientId: string): CachedKeys {
    const cached = this.cache.get(clientId);
    if (cached && cached.until > this.now()) return cached;
    const entry: CachedKeys = { verificationKeys: this.source(clientId).then(verificationKeysOf), until: this.now() + CLIENT_KEYS_TTL_MS };
    this.cache.set(clientId, entry);
    entry.verificationKeys.catch(() => {
      if (this.cache.get(clientId) === entry) this.cache.delete(clientId);
    });
    return entry;
  }
}

/** ClientKeys fed by the authorization server over NATS. */
@Injectable()
export class RegisteredClientKeys extends ClientKeys {
  constructor(nats: NatsContractClient) {
    super(async (clientId) => {
      const reply = await nats.request(Requests.getClientKeys, { clientId });
      if (reply.ok) return reply.value.jwks as JSONWebKeySet;
      if (reply.error.code === 'NOT_FOUND') return { keys: [] };
      throw new Error(`the authorization server refused the keys of ${clientId}: ${reply.error.code} ${reply.error.message}`);
    });
  }
}
