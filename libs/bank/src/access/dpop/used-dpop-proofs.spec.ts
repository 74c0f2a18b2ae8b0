import { dropDatabase, eventually, freshDatabase } from '@fapi/testing';
import { BankStore } from '../../ledger/bank-store';
import { UsedDpopProofs } from './used-dpop-proofs';

const at = (iso: string) => new Date(iso);

describe('a DPoP proof’s jti is accepted once, across every bank instance sharing the database (RFC 9449 11.1)', () => {
  let databaseUrl: string;
  let stores: BankStore[];
  beforeAll(async () => {
    databaseUrl = await freshDatabase('bank', 'fapi_unit_bank_used_dpop_proofs');
    stores = [BankStore.connect(databaseUrl), BankStore.connect(databaseUrl)];
  }, 60_000);
  afterAll(async () => {
    await Promise.all((stores ?? []).map((store) => store.disconnect()));
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('a jti one instance accepted is refused by it and by another instance until it expires', async () => {
    const [bankA, bankB] = stores.map((store) => new UsedDpopProofs(store));
    const now = at('2026-12-06T10:00:00Z');
    const keepUntil = at('2026-12-06T10:01:00Z');
    await expect(bankA.firstUse('jti-1', keepUntil, now)).resolves.toBe(true);
    await expect(bankA.firstUse('jti-1', keepUntil, now)).resolves.toBe(false);
    await expect(bankB.firstUse('jti-1', keepUntil, at('2026-12-06T10:00:59Z'))).resolves.toBe(false);
    await expect(bankB.firstUse('jti-2', keepUntil, now)).resolves.toBe(true);
  });

  it('two instances racing with the same jti: exactly one of them accepts it', async () => {
    const [bankA, bankB] = stores.map((store) => new UsedDpopProofs(store));
    const now = at('2026-12-06T10:00:00Z');
    const keepUntil = at('2026-12-06T10:01:00Z');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => [bankA, bankB][i % 2].firstUse('jti-raced', keepUntil, now)));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it('once expired, a jti may be used again (no proof of that time can still be accepted)', async () => {
    const [bankA, bankB] = stores.map((store) => new UsedDpopProofs(store));
    await bankA.firstUse('jti-reused', at('2026-12-06T09:01:00Z'), at('2026-12-06T09:00:00Z'));
    const later = at('2026-12-06T11:00:00Z');
    await expect(bankB.firstUse('jti-reused', at('2026-12-06T11:01:00Z'), later)).resolves.toBe(true);
    await expect(bankB.firstUse('jti-reused', at('2026-12-06T11:01:00Z'), later)).resolves.toBe(false);
    const reused = await stores[0].prisma.dpopProofJti.findUnique({ where: { jti: 'jti-reused' } });
    expect(reused?.expiresAt).toEqual(at('2026-12-06T11:01:00Z'));
  });

  it('a check never deletes expired rows on the request path: the sweep does, and only the expired ones', async () => {
    const proofs = new UsedDpopProofs(stores[0]);
    await proofs.firstUse('jti-expired', at('2026-12-08T00:01:00Z'), at('2026-12-08T00:00:00Z'));
    const later = at('2026-12-08T01:00:00Z');
    await proofs.firstUse('jti-live', at('2026-12-08T01:01:00Z'), later);
    await expect(stores[0].prisma.dpopProofJti.count({ where: { jti: 'jti-expired' } })).resolves.toBe(1);

    await expect(proofs.sweep(later)).resolves.toBeGreaterThanOrEqual(1);
    const left = (await stores[0].prisma.dpopProofJti.findMany({ where: { jti: { in: ['jti-expired', 'jti-live'] } } })).map(({ jti }) => jti);
    expect(left).toEqual(['jti-live']);
  });

  it('each instance sweeps on a timer from start-up until shutdown', async () => {
    const proofs = new UsedDpopProofs(stores[1], 50);
    await proofs.firstUse('jti-swept-by-timer', at('2020-01-01T00:01:00Z'), at('2020-01-01T00:00:00Z'));
    proofs.onApplicationBootstrap();
    try {
      await eventually(
        async () => ((await stores[1].prisma.dpopProofJti.count({ where: { jti: 'jti-swept-by-timer' } })) === 0 ? true : undefined),
        'the timer to sweep the expired jti',
        { attempts: 50, intervalMs: 20 },
      );
    } finally {
      await proofs.onApplicationShutdown();
    }
    await proofs.firstUse('jti-after-shutdown', at('2020-01-01T00:01:00Z'), at('2020-01-01T00:00:00Z'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(stores[1].prisma.dpopProofJti.count({ where: { jti: 'jti-after-shutdown' } })).resolves.toBe(1);
  });
});
