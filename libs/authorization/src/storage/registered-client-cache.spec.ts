import type { Adapter, AdapterPayload, Client as OidcClient, Provider } from 'oidc-provider';
import { CachedClientAdapter, findCachedClientsByIdentity, RegisteredClientCache } from './registered-client-cache';

/** The shared table as a map, counting reads: what each instance's cache must spare. */
class Table implements Adapter {
  readonly rows = new Map<string, AdapterPayload>();
  reads = 0;
  /** Held reads: a test lets a read finish after something else happened. */
  hold?: Promise<void>;

  async find(id: string) {
    this.reads++;
    const row = this.rows.get(id);
    await this.hold;
    return row && structuredClone(row);
  }
  async upsert(id: string, payload: AdapterPayload) {
    this.rows.set(id, structuredClone(payload));
  }
  async destroy(id: string) {
    this.rows.delete(id);
  }
  findByUid = async () => undefined;
  findByUserCode = async () => undefined;
  consume = async () => undefined;
  revokeByGrantId = async () => undefined;
}

/** Two instances over one table, each announcement heard by both (as NATS delivers Events.clientRegistrationChanged). */
function twoInstances(options = { maxAgeMs: 60_000, maxEntries: 100 }, now = () => 0) {
  const table = new Table();
  const caches = [new RegisteredClientCache(options, now), new RegisteredClientCache(options, now)];
  const announce = async (clientId: string) => caches.forEach((cache) => cache.forget(clientId));
  return { table, one: new CachedClientAdapter(table, caches[0], announce), other: new CachedClientAdapter(table, caches[1], announce) };
}

describe('a registered client is read from the shared table once per instance, and again when its registration changes', () => {
  it('a token request after the first finds its client without reading the database', async () => {
    const { table, one } = twoInstances();
    await table.upsert('client-1', { client_id: 'client-1', grant_types: ['client_credentials'] });
    await expect(one.find('client-1')).resolves.toEqual({ client_id: 'client-1', grant_types: ['client_credentials'] });
    await expect(one.find('client-1')).resolves.toEqual({ client_id: 'client-1', grant_types: ['client_credentials'] });
    expect(table.reads).toBe(1);
  });

  it('a registration changed at one instance is read again by every instance', async () => {
    const { table, one, other } = twoInstances();
    await one.upsert('client-1', { client_id: 'client-1', grant_types: ['client_credentials'] });
    await other.find('client-1');
    await one.upsert('client-1', { client_id: 'client-1', grant_types: [] });
    await expect(other.find('client-1')).resolves.toEqual({ client_id: 'client-1', grant_types: [] });
    await one.destroy('client-1');
    await expect(other.find('client-1')).resolves.toBeUndefined();
    expect(table.reads).toBe(3);
  });

  it('an unknown client_id is not remembered: a client registered after the miss is found at once', async () => {
    const { table, one } = twoInstances();
    await expect(one.find('later')).resolves.toBeUndefined();
    await table.upsert('later', { client_id: 'later' });
    await expect(one.find('later')).resolves.toEqual({ client_id: 'later' });
  });

  it('a change nobody announced (NATS away) is read at the latest after maxAgeMs', async () => {
    let clock = 0;
    const { table, one } = twoInstances({ maxAgeMs: 1000, maxEntries: 100 }, () => clock);
    await table.upsert('client-1', { client_id: 'client-1', grant_types: ['client_credentials'] });
    await one.find('client-1');
    await table.upsert('client-1', { client_id: 'client-1', grant_types: [] });
    clock = 1000;
    await expect(one.find('client-1')).resolves.toEqual({ client_id: 'client-1', grant_types: ['client_credentials'] });
    clock = 1001;
    await expect(one.find('client-1')).resolves.toEqual({ client_id: 'client-1', grant_types: [] });
  });

  it('a read that began before a change does not keep what it read', async () => {
    const { table, one } = twoInstances();
    await table.upsert('client-1', { client_id: 'client-1', version: 1 });
    let release = () => undefined as void;
    table.hold = new Promise((resolve) => (release = resolve));
    const slowRead = one.find('client-1');
    table.hold = undefined;
    await one.upsert('client-1', { client_id: 'client-1', version: 2 });
    release();
    await expect(slowRead).resolves.toEqual({ client_id: 'client-1', version: 1 });
    await expect(one.find('client-1')).resolves.toEqual({ client_id: 'client-1', version: 2 });
  });

  it('token requests arriving while their client is being read share that one read', async () => {
    const { table, one } = twoInstances();
    await table.upsert('client-1', { client_id: 'client-1' });
    let release = () => undefined as void;
    table.hold = new Promise((resolve) => (release = resolve));
    const finds = Array.from({ length: 10 }, () => one.find('client-1'));
    release();
    await expect(Promise.all(finds)).resolves.toEqual(Array.from({ length: 10 }, () => ({ client_id: 'client-1' })));
    expect(table.reads).toBe(1);
  });

  it('no reader can change what the next one is given: the cached registration is frozen, however deep', async () => {
    const { table, one } = twoInstances();
    await table.upsert('client-1', { client_id: 'client-1', redirect_uris: ['https://tpp.example/cb'], jwks: { keys: [{ kty: 'EC' }] } });
    await one.find('client-1'); // read from the table, then kept
    const given = (await one.find('client-1')) as { redirect_uris: string[]; jwks: { keys: Array<Record<string, string>> } };
    expect(() => given.redirect_uris.push('https://evil.example/cb')).toThrow(/not extensible/);
    expect(() => {
      given.jwks.keys[0].kty = 'oct';
    }).toThrow(/read only/);
    await expect(one.find('client-1')).resolves.toEqual({ client_id: 'client-1', redirect_uris: ['https://tpp.example/cb'], jwks: { keys: [{ kty: 'EC' }] } });
  });

  it('keeps at most maxEntries clients, forgetting the least recently read', async () => {
    const { table, one } = twoInstances({ maxAgeMs: 60_000, maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await table.upsert(id, { client_id: id });
    await one.find('a');
    await one.find('b');
    await one.find('a');
    await one.find('c'); // b goes
    table.reads = 0;
    await one.find('a');
    await one.find('c');
    expect(table.reads).toBe(0);
    await one.find('b');
    expect(table.reads).toBe(1);
  });

  it('a registration is saved even when its change cannot be announced; this instance forgets it at once', async () => {
    const table = new Table();
    const cache = new RegisteredClientCache();
    const adapter = new CachedClientAdapter(table, cache, async () => {
      throw new Error('NATS away');
    });
    await adapter.upsert('client-1', { client_id: 'client-1', version: 1 });
    await adapter.find('client-1');
    await expect(adapter.upsert('client-1', { client_id: 'client-1', version: 2 })).resolves.toBeUndefined();
    await expect(adapter.find('client-1')).resolves.toEqual({ client_id: 'client-1', version: 2 });
  });
});

describe('a cached registration’s Client is found by the registration’s identity, not worked out again', () => {
  /** oidc-provider's Client.find as far as this rule sees it: each call works a Client out from the adapter's metadata. */
  function provider(adapter: CachedClientAdapter) {
    const workedOut: string[] = [];
    const Client = {
      async find(clientId: string) {
        const metadata = await adapter.find(clientId);
        if (!metadata) return undefined;
        workedOut.push(clientId);
        return { clientId, grantTypes: metadata.grant_types } as unknown as OidcClient;
      },
    } as unknown as Provider['Client'];
    return { provider: { Client }, workedOut };
  }

  it('finds an unchanged registration’s Client again without working it out; a changed one is worked out once more', async () => {
    const table = new Table();
    const cache = new RegisteredClientCache({ maxAgeMs: 60_000, maxEntries: 100 }, () => 0);
    const one = new CachedClientAdapter(table, cache, async (clientId) => cache.forget(clientId));
    await table.upsert('client-1', { client_id: 'client-1', grant_types: ['client_credentials'] });
    const { provider: fake, workedOut } = provider(one);
    findCachedClientsByIdentity(fake, cache);

    await fake.Client.find('client-1'); // read from the table, then cached
    const cached = await fake.Client.find('client-1');
    expect(workedOut).toEqual(['client-1', 'client-1']);

    expect(await fake.Client.find('client-1')).toBe(cached);
    expect(await fake.Client.find('client-1')).toBe(cached);
    expect(workedOut).toHaveLength(2);

    await one.upsert('client-1', { client_id: 'client-1', grant_types: ['authorization_code'] });
    const changed = await fake.Client.find('client-1');
    expect(changed).toMatchObject({ grantTypes: ['authorization_code'] });
    expect(await fake.Client.find('client-1')).toMatchObject({ grantTypes: ['authorization_code'] });
    expect(await fake.Client.find('unknown')).toBeUndefined();
  });
});
