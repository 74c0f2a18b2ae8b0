import { Logger } from '@nestjs/common';
import type { Adapter, AdapterPayload, Client, Provider } from 'oidc-provider';
import { AnnouncedChangeCache, type AnnouncedChangeCacheOptions } from '@fapi/service-runtime';

/**
 * maxAgeMs bounds how long an instance that missed a change announcement (NATS away at that moment) keeps serving the
 * registration as it was.
 */
export const DEFAULT_REGISTERED_CLIENT_CACHE: AnnouncedChangeCacheOptions = { maxAgeMs: 60_000, maxEntries: 10_000 };

/** `value` with it and every object and array within it frozen. */
function deeplyFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deeplyFrozen(inner);
  }
  return value;
}

/**
 * Registered clients (oidc-provider's `Client` model) as last read from the shared table, so that a token request does
 * not cost a database round trip to find its client (issue 11: the AS's largest cost per grant after signing). Only
 * clients found are kept (an unknown client_id is looked up every time, and found as soon as it is registered). An
 * entry goes when its registration changes, here or at another instance (Events.clientRegistrationChanged), and at the
 * latest after `maxAgeMs`. Every reader is given the same deeply frozen copy: no request can change what the next one
 * reads, and none pays for a copy of its own (parsing a kept JSON copy per token request was ~2 % of a grant's CPU).
 */
export class RegisteredClientCache extends AnnouncedChangeCache<AdapterPayload> {
  constructor(options = DEFAULT_REGISTERED_CLIENT_CACHE, now?: () => number) {
    super(options, now);
  }

  /** Every registration found is kept, as a deeply frozen copy. */
  protected keepable(payload: AdapterPayload): AdapterPayload {
    return deeplyFrozen(structuredClone(payload));
  }
}

/**
 * Gives each cached registration its oidc-provider `Client` without working it out again. oidc-provider's `Client.find`
 * serialises a stored client's whole metadata (JSON, then SHA-256) at every call, to find the `Client` it built for
 * that metadata: ~12 µs of a token grant's ~800 in its profile (issue 11, bench/README.md). The cache hands out one
 * frozen object per registration until it changes, so that object's identity says what the hash said. A registration
 * not in the cache (unknown, just changed, or not yet read) goes through oidc-provider's own find.
 */
export function findCachedClientsByIdentity(provider: Pick<Provider, 'Client'>, cache: RegisteredClientCache): void {
  const { Client: clients } = provider;
  const findByHash = clients.find.bind(clients);
  const built = new WeakMap<AdapterPayload, Client>();
  clients.find = async (clientId) => {
    const registration = typeof clientId === 'string' ? cache.get(clientId) : undefined;
    if (!registration) return findByHash(clientId);
    const known = built.get(registration);
    if (known) return known;
    const client = await findByHash(clientId);
    if (client) built.set(registration, client);
    return client;
  };
}

/** Tells every authorization-server instance that a client's registration changed (Events.clientRegistrationChanged). */
export type AnnounceClientChange = (clientId: string) => Promise<void>;

/**
 * oidc-provider's storage for the `Client` model: the shared table's adapter, read through the cache. A registration
 * written or removed here is forgotten here at once and announced to the other instances; an announcement that cannot
 * be sent (NATS away) does not fail the registration, the other instances then see it within the cache's maxAgeMs.
 */
export class CachedClientAdapter implements Adapter {
  private readonly logger = new Logger('RegisteredClientCache');

  constructor(
    private readonly table: Adapter,
    private readonly cache: RegisteredClientCache,
    private readonly announce: AnnounceClientChange,
  ) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const kept = this.cache.get(clientId);
    if (kept) return kept;
    // oidc-provider builds a new Client from a registration it has not seen, and may change the metadata it is given
    // as it does: each caller of a read gets a copy of its own (a stored registration is JSON).
    const read = await this.cache.getOrRead(clientId, () => this.table.find(clientId));
    return read && (JSON.parse(JSON.stringify(read)) as AdapterPayload);
  }

  async upsert(clientId: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    await this.table.upsert(clientId, payload, expiresIn);
    await this.changed(clientId);
  }

  async destroy(clientId: string): Promise<void> {
    await this.table.destroy(clientId);
    await this.changed(clientId);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.table.findByUid(uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.table.findByUserCode(userCode);
  }

  consume(clientId: string): Promise<void> {
    return this.table.consume(clientId);
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return this.table.revokeByGrantId(grantId);
  }

  private async changed(clientId: string): Promise<void> {
    this.cache.forget(clientId);
    await this.announce(clientId).catch((error: unknown) =>
      this.logger.warn(`could not announce the change of client ${clientId} to the other instances (they see it within their cache's lifetime): ${String(error)}`),
    );
  }
}
