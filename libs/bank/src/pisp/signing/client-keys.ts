import { Injectable } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { NatsContractClient, Requests } from '@fapi/nats-contract';

/** How long the bank trusts a TPP's registered keys before asking the authorization server again. */
export const CLIENT_KEYS_TTL_MS = 30_000;

/** Where a TPP's registered public keys come from: the authorization server (Requests.getClientKeys). */
export type ClientKeysSource = (clientId: string) => Promise<JSONWebKeySet>;

/**
 * The TPPs' registered public JWKS, which their x-jws-signatures must verify against, kept for CLIENT_KEYS_TTL_MS
 * per client (so a burst of payments asks the AS once; a key rotated at the AS is seen within the TTL). A client the
 * AS does not know has no keys; a failure to ask is not cached.
 */
export class ClientKeys {
  private readonly cache = new Map<string, { keys: Promise<JSONWebKeySet>; until: number }>();

  constructor(
    private readonly source: ClientKeysSource,
    private readonly now: () => number = Date.now,
  ) {}

  keysOf(clientId: string): Promise<JSONWebKeySet> {
    const cached = this.cache.get(clientId);
    if (cached && cached.until > this.now()) return cached.keys;
    const entry = { keys: this.source(clientId), until: this.now() + CLIENT_KEYS_TTL_MS };
    this.cache.set(clientId, entry);
    entry.keys.catch(() => {
      if (this.cache.get(clientId) === entry) this.cache.delete(clientId);
    });
    return entry.keys;
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
