import pg from 'pg';
import { createPrismaClient } from '@fapi/persistence';
import { PrismaClient } from '../../generated/prisma';
import { dropDatabase, freshDatabase } from '@fapi/testing';
import { OidcModelStore } from './oidc-model-store';
import { OidcModelAdapter } from './oidc-model-adapter';
import { ReplayRecords } from './replay-records';

// Setting up makes RSA keys and databases: give it room on a loaded CI machine.
jest.setTimeout(60_000);

describe('oidc-provider storage in PostgreSQL (one oidc_model table)', () => {
  let databaseUrl: string;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let store: OidcModelStore;

  beforeAll(async () => {
    databaseUrl = await freshDatabase('authorization', 'fapi_unit_authorization_storage');
    prisma = createPrismaClient(PrismaClient, databaseUrl);
    pool = new pg.Pool({ connectionString: databaseUrl });
    store = new OidcModelStore(pool);
  });

  afterAll(async () => {
    await Promise.all([prisma?.$disconnect(), pool?.end()]);
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('what one instance stored, another instance (or a restarted one) finds', async () => {
    await new OidcModelAdapter('Session', store).upsert('s-1', { uid: 'uid-1', accountId: 'psu-1' }, 600);
    const otherPool = new pg.Pool({ connectionString: databaseUrl });
    const other = new OidcModelAdapter('Session', new OidcModelStore(otherPool));
    await expect(other.find('s-1')).resolves.toEqual({ uid: 'uid-1', accountId: 'psu-1' });
    await expect(other.findByUid('uid-1')).resolves.toEqual({ uid: 'uid-1', accountId: 'psu-1' });
    await otherPool.end();
  });

  it('ids are per model kind', async () => {
    await new OidcModelAdapter('AccessToken', store).upsert('same-id', { kind: 'AccessToken' }, 600);
    await new OidcModelAdapter('RefreshToken', store).upsert('same-id', { kind: 'RefreshToken' }, 600);
    await expect(new OidcModelAdapter('AccessToken', store).find('same-id')).resolves.toEqual({ kind: 'AccessToken' });
  });

  it('an expired entry is not found, and the sweep deletes it', async () => {
    const adapter = new OidcModelAdapter('ReplayDetection', store);
    await adapter.upsert('jti-1', { iss: 'client' }, 600);
    await prisma.oidcModel.update({ where: { kind_id: { kind: 'ReplayDetection', id: 'jti-1' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(adapter.find('jti-1')).resolves.toBeUndefined();
    expect(await store.deleteExpired()).toBeGreaterThanOrEqual(1);
    await expect(prisma.oidcModel.count({ where: { kind: 'ReplayDetection', id: 'jti-1' } })).resolves.toBe(0);
  });

  it('an id is remembered once: of two instances recording it at once, one succeeds; once expired it may be recorded again', async () => {
    const [one, other] = [new ReplayRecords(databaseUrl), new ReplayRecords(databaseUrl)];
    try {
      const attempts = await Promise.all([one.rememberOnce('DPoPProof', 'proof-1', 60), other.rememberOnce('DPoPProof', 'proof-1', 60)]);
      expect(attempts.sort()).toEqual([false, true]);
      await expect(one.rememberOnce('DPoPProof', 'proof-1', 60)).resolves.toBe(false);
      await prisma.oidcModel.update({ where: { kind_id: { kind: 'DPoPProof', id: 'proof-1' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expect(other.rememberOnce('DPoPProof', 'proof-1', 60)).resolves.toBe(true);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('ids recorded together (many at once, some twice, some already held) are each answered for their own row', async () => {
    const records = new ReplayRecords(databaseUrl);
    try {
      await expect(records.rememberOnce('ReplayDetection', 'held-1', 60)).resolves.toBe(true);
      const ids = [...Array.from({ length: 40 }, (_, index) => `together-${index % 20}`), 'held-1'];
      const answers = await Promise.all(ids.map((id) => records.rememberOnce('ReplayDetection', id, 60)));
      const recorded = ids.filter((_, index) => answers[index]);
      expect(recorded.sort()).toEqual(Array.from({ length: 20 }, (_, index) => `together-${index}`).sort());
      await expect(records.rememberOnce('ReplayDetection', 'together-3', 60)).resolves.toBe(false);
      await expect(records.rememberOnce('DPoPProof', 'together-3', 60)).resolves.toBe(true);
    } finally {
      await records.close();
    }
  });

  it('an id PostgreSQL cannot store (a NUL byte, longer than 255) is refused alone: the ids sent with it are still recorded', async () => {
    const records = new ReplayRecords(databaseUrl);
    try {
      const answers = await Promise.allSettled([
        records.rememberOnce('ReplayDetection', 'beside-1', 60),
        records.rememberOnce('ReplayDetection', 'a\u0000b', 60),
        records.rememberOnce('ReplayDetection', 'x'.repeat(256), 60),
        records.rememberOnce('ReplayDetection', 'beside-2', 60),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(answers.filter((answer) => answer.status === 'fulfilled').map((answer) => answer.value)).toEqual([true, true]);
    } finally {
      await records.close();
    }
  });

  it('an entry without a lifetime (a registered client) never expires', async () => {
    await new OidcModelAdapter('Client', store).upsert('client-1', { client_id: 'client-1' });
    await store.deleteExpired(new Date(Date.now() + 365 * 24 * 3600_000));
    await expect(new OidcModelAdapter('Client', store).find('client-1')).resolves.toEqual({ client_id: 'client-1' });
  });

  it('a code is consumed once: find reports it consumed, a second consume is refused as invalid_grant', async () => {
    const codes = new OidcModelAdapter('AuthorizationCode', store);
    await codes.upsert('code-1', { grantId: 'grant-1' }, 60);
    await codes.consume('code-1');
    await expect(codes.find('code-1')).resolves.toMatchObject({ grantId: 'grant-1', consumed: expect.any(Number) });
    await expect(codes.consume('code-1')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('of two instances consuming one code at once, exactly one succeeds', async () => {
    const otherPool = new pg.Pool({ connectionString: databaseUrl });
    try {
      await new OidcModelAdapter('AuthorizationCode', store).upsert('code-race', { grantId: 'grant-race' }, 60);
      const attempts = await Promise.all([store.consume('AuthorizationCode', 'code-race'), new OidcModelStore(otherPool).consume('AuthorizationCode', 'code-race')]);
      expect(attempts.sort()).toEqual([false, true]);
    } finally {
      await otherPool.end();
    }
  });

  it('saving a consumed entry again keeps it consumed', async () => {
    const codes = new OidcModelAdapter('AuthorizationCode', store);
    await codes.upsert('code-2', { grantId: 'grant-2' }, 60);
    await codes.consume('code-2');
    await codes.upsert('code-2', (await codes.find('code-2'))!, 60);
    await expect(codes.consume('code-2')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a pushed request consumed twice is refused as invalid_request_uri', async () => {
    const requests = new OidcModelAdapter('PushedAuthorizationRequest', store);
    await requests.upsert('par-1', { request: 'jwt' }, 60);
    await requests.consume('par-1');
    await expect(requests.consume('par-1')).rejects.toMatchObject({ error: 'invalid_request_uri' });
  });

  it('a key with a NUL byte (which PostgreSQL text cannot hold) is found nowhere, and consuming it is invalid_grant', async () => {
    // found by the fuzz story: introspecting the token "a\u0000b" answered 500 (PostgreSQL 22021 for the whole query)
    const tokens = new OidcModelAdapter('AccessToken', store);
    await expect(tokens.find('a\u0000b')).resolves.toBeUndefined();
    await expect(tokens.findByUid('a\u0000b')).resolves.toBeUndefined();
    await expect(tokens.findByUserCode('a\u0000b')).resolves.toBeUndefined();
    await expect(tokens.consume('a\u0000b')).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(tokens.destroy('a\u0000b')).resolves.toBeUndefined();
    await expect(tokens.revokeByGrantId('a\u0000b')).resolves.toBeUndefined();
  });

  it('revoking a grant deletes what it issued and leaves other grants alone', async () => {
    const tokens = new OidcModelAdapter('RefreshToken', store);
    await tokens.upsert('rt-a', { grantId: 'grant-a' }, 600);
    await tokens.upsert('rt-b', { grantId: 'grant-b' }, 600);
    await tokens.revokeByGrantId('grant-a');
    await expect(tokens.find('rt-a')).resolves.toBeUndefined();
    await expect(tokens.find('rt-b')).resolves.toEqual({ grantId: 'grant-b' });
  });
});
