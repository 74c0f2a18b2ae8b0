import { dropDatabase, freshDatabase } from '@fapi/testing';
import { BankStore } from '../../ledger/bank-store';
import { USED_PROOF_SWEEP_INTERVAL_MS, UsedDpopProofs } from './used-dpop-proofs';

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

  it('once expired, a jti may be used again (no proof of that time can still be accepted), and expired rows are swept', async () => {
    const [bankA, bankB] = stores.map((store) => new UsedDpopProofs(store));
    await bankA.firstUse('jti-old', at('2026-12-06T09:01:00Z'), at('2026-12-06T09:00:00Z'));
    await bankA.firstUse('jti-reused', at('2026-12-06T09:01:00Z'), at('2026-12-06T09:00:00Z'));
    const later = at('2026-12-06T11:00:00Z');
    await expect(bankB.firstUse('jti-reused', at('2026-12-06T11:01:00Z'), later)).resolves.toBe(true);
    await expect(bankB.firstUse('jti-reused', at('2026-12-06T11:01:00Z'), later)).resolves.toBe(false);
    const jtis = await stores[0].prisma.dpopProofJti.findMany({ orderBy: { jti: 'asc' } });
    expect(jtis.map(({ jti }) => jti)).not.toContain('jti-old');
    expect(jtis.find(({ jti }) => jti === 'jti-reused')?.expiresAt).toEqual(at('2026-12-06T11:01:00Z'));
  });

  it('an instance sweeps at most once per interval', async () => {
    const proofs = new UsedDpopProofs(stores[0]);
    const start = at('2026-12-07T00:00:00Z');
    await proofs.firstUse('jti-swept-first', start, start);
    const soon = new Date(start.getTime() + 1000);
    await proofs.firstUse('jti-within-interval', soon, soon);
    await expect(stores[0].prisma.dpopProofJti.count({ where: { jti: 'jti-swept-first' } })).resolves.toBe(1);
    const afterInterval = new Date(start.getTime() + USED_PROOF_SWEEP_INTERVAL_MS + 1);
    await proofs.firstUse('jti-after-interval', afterInterval, afterInterval);
    await expect(stores[0].prisma.dpopProofJti.count({ where: { jti: { in: ['jti-swept-first', 'jti-within-interval'] } } })).resolves.toBe(0);
  });
});
