import { dropDatabase, freshDatabase } from '@fapi/testing';
import { BankStore } from '../ledger/bank-store';
import { PreparedStatements } from '../ledger/prepared-statements';
import { RevokedGrants, RevokedGrantsController } from './revoked-grants';

/** The NATS controller over a fake store that records what it was asked to revoke. */
function controllerRecording() {
  const revoked: Array<[string, Date]> = [];
  const grants = { revoke: async (grantId: string, at: Date) => void revoked.push([grantId, at]) } as unknown as RevokedGrants;
  return { controller: new RevokedGrantsController(grants), revoked };
}

describe('the bank acknowledges the AS’s request to revoke a grant once it has recorded it', () => {
  it('records the grant with the time the AS revoked it, then answers which grant it now refuses', async () => {
    const { controller, revoked } = controllerRecording();
    await expect(controller.revokeGrant({ grantId: 'grant-1', at: '2026-11-25T10:00:00.000Z' })).resolves.toEqual({ ok: true, value: { grantId: 'grant-1' } });
    expect(revoked).toEqual([['grant-1', new Date('2026-11-25T10:00:00.000Z')]]);
  });

  it.each([undefined, {}, { grantId: 42 }, { grantId: '' }, { grantId: 'x'.repeat(257) }])('refuses a request without a usable grantId as INVALID (%p)', async (payload) => {
    const { controller, revoked } = controllerRecording();
    await expect(controller.revokeGrant(payload)).resolves.toEqual({
      ok: false,
      error: { code: 'INVALID', message: 'a grant revocation names a grantId of 1 to 256 characters' },
    });
    expect(revoked).toEqual([]);
  });
});

describe('RevokedGrants keeps the revoked grants in the bank database, shared by every bank instance', () => {
  let databaseUrl: string;
  let stores: BankStore[];
  let statements: PreparedStatements[];
  beforeAll(async () => {
    databaseUrl = await freshDatabase('bank', 'fapi_unit_bank_revoked_grants');
    stores = [BankStore.connect(databaseUrl), BankStore.connect(databaseUrl)];
    statements = [new PreparedStatements(databaseUrl), new PreparedStatements(databaseUrl)];
  }, 60_000);
  afterAll(async () => {
    await Promise.all((stores ?? []).map((store) => store.disconnect()));
    await Promise.all((statements ?? []).map((instance) => instance.onApplicationShutdown()));
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('a grant is not revoked until the AS says so; then it is, for every instance, and only that grant', async () => {
    const [bankA, bankB] = stores.map((store, instance) => new RevokedGrants(store, statements[instance]));
    await expect(bankA.isRevoked('grant-1')).resolves.toBe(false);
    await bankA.revoke('grant-1', new Date('2026-11-25T10:00:00.000Z'));
    await expect(bankA.isRevoked('grant-1')).resolves.toBe(true);
    await expect(bankB.isRevoked('grant-1')).resolves.toBe(true);
    await expect(bankB.isRevoked('grant-2')).resolves.toBe(false);
  });

  it('a revocation recorded by several instances at once, and again later, keeps one record with the first time', async () => {
    const [bankA, bankB] = stores.map((store, instance) => new RevokedGrants(store, statements[instance]));
    const first = new Date('2026-11-25T10:00:00.000Z');
    await Promise.all(Array.from({ length: 10 }, (_, i) => [bankA, bankB][i % 2].revoke('grant-twice', first)));
    await bankB.revoke('grant-twice', new Date('2026-11-26T00:00:00.000Z'));
    await expect(stores[0].prisma.revokedGrant.findMany({ where: { grantId: 'grant-twice' } })).resolves.toEqual([
      { grantId: 'grant-twice', revokedAt: first },
    ]);
    await expect(bankA.isRevoked('grant-twice')).resolves.toBe(true);
  });
});
