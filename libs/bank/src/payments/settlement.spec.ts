import {
  balances,
  EXTERNAL_PAYEE,
  postedBalances,
  startPaymentsWorld,
  sum,
  type PaymentsWorld,
} from '../testing/payments-world';
import type { AcceptDomesticPayment } from './domestic-payment-record';
import { settleDomesticPayment } from './settlement';

const CUSTOMER_ACCOUNTS = [
  'acc-ava-everyday',
  'acc-ava-savings',
  'acc-ava-travel',
  'acc-mia-everyday',
  'acc-mia-savings',
  'acc-noah-business',
  'acc-noah-everyday',
  'acc-noah-savings',
];
const toAmount = (minor: number) => (minor / 100).toFixed(2);

describe('settling a domestic payment (one database transaction)', () => {
  let world: PaymentsWorld;
  beforeAll(async () => {
    world = await startPaymentsWorld('payments_settlement');
  }, 60_000);
  afterAll(() => world?.stop());

  const accept = (overrides: Partial<AcceptDomesticPayment> = {}) => world.accept(overrides);
  const settle = (paymentId: string) => settleDomesticPayment(world.store, paymentId);
  const postingsOf = (paymentId: string) => world.store.prisma.posting.findMany({ where: { paymentId }, orderBy: { sequence: 'asc' } });

  it("a payment to another customer debits the payer, credits the payee's account and ends ACCC", async () => {
    const before = await balances(world.store);
    const payment = await accept({ amount: '25.00', debtorAccountId: 'acc-mia-everyday' });
    await expect(settle(payment.paymentId)).resolves.toEqual({ paymentId: payment.paymentId, outcome: 'settled', status: 'ACCC' });

    const after = await balances(world.store);
    expect(after['acc-mia-everyday']).toBe(before['acc-mia-everyday'] - 2_500);
    expect(after['acc-noah-everyday']).toBe(before['acc-noah-everyday'] + 2_500);
    expect(sum(after)).toBe(sum(before));
    expect((await postingsOf(payment.paymentId)).map((p) => [p.accountId, p.creditDebit, p.amountMinor, p.information, p.reference])).toEqual([
      ['acc-mia-everyday', 'Debit', 2_500, 'PAYMENT TO Noah Okafor', 'SANDBOX TEST'],
      ['acc-noah-everyday', 'Credit', 2_500, 'PAYMENT FROM Mia Hartley', 'SANDBOX TEST'],
    ]);
    const settled = await world.payments.payment(payment.paymentId);
    expect(settled).toMatchObject({ status: 'ACCC', creditedAccountId: 'acc-noah-everyday' });
    expect(settled?.statusHistory.map(({ fromStatus, status }) => [fromStatus, status])).toEqual([
      [undefined, 'RCVD'],
      ['RCVD', 'ACSP'],
      ['ACSP', 'ACSC'],
      ['ACSC', 'ACCC'],
    ]);
  });

  it('a payment to a payee at another bank credits the external clearing account and ends ACSC', async () => {
    const before = await balances(world.store);
    const payment = await accept({ amount: '40.00', debtorAccountId: 'acc-noah-business', creditor: EXTERNAL_PAYEE });
    await expect(settle(payment.paymentId)).resolves.toMatchObject({ outcome: 'settled', status: 'ACSC' });

    const after = await balances(world.store);
    expect(after['acc-noah-business']).toBe(before['acc-noah-business'] - 4_000);
    expect(after['bank-external-clearing']).toBe(before['bank-external-clearing'] + 4_000);
    expect(sum(after)).toBe(sum(before));
    const postings = await postingsOf(payment.paymentId);
    expect(postings.map((p) => [p.accountId, p.creditDebit, p.counterpartySortCode, p.counterpartyAccountNumber])).toEqual([
      ['acc-noah-business', 'Debit', '400515', '71234567'],
      ['bank-external-clearing', 'Credit', '400515', '71234567'],
    ]);
    const settled = await world.payments.payment(payment.paymentId);
    expect(settled).toMatchObject({ status: 'ACSC', creditedAccountId: 'bank-external-clearing' });
    expect(settled?.statusHistory.map((entry) => entry.status)).toEqual(['RCVD', 'ACSP', 'ACSC']);
  });

  it('a payment the funds do not cover is rejected (RJCT, AM04) with no posting and no balance change', async () => {
    const before = await balances(world.store);
    const payment = await accept({ amount: toAmount(before['acc-ava-savings'] + 1), debtorAccountId: 'acc-ava-savings' });
    await expect(settle(payment.paymentId)).resolves.toMatchObject({ outcome: 'rejected', status: 'RJCT' });

    expect(await balances(world.store)).toEqual(before);
    await expect(postingsOf(payment.paymentId)).resolves.toEqual([]);
    const rejected = await world.payments.payment(payment.paymentId);
    expect(rejected).toMatchObject({ status: 'RJCT', statusReason: { code: 'AM04', description: 'insufficient funds in the debtor account' } });
    expect(rejected?.creditedAccountId).toBeUndefined();
    expect(rejected?.statusHistory.map(({ fromStatus, status, reasonCode }) => [fromStatus, status, reasonCode])).toEqual([
      [undefined, 'RCVD', undefined],
      ['RCVD', 'RJCT', 'AM04'],
    ]);
  });

  it('a posting the database refuses (a CHECK the code did not foresee) ends the payment RJCT (MS03), not RCVD for ever', async () => {
    await world.store.prisma.$executeRawUnsafe('ALTER TABLE posting ADD CONSTRAINT test_refuses_42_42 CHECK (amount_minor <> 4242) NOT VALID');
    try {
      const before = await balances(world.store);
      const payment = await accept({ amount: '42.42' });
      await expect(settle(payment.paymentId)).resolves.toEqual({ paymentId: payment.paymentId, outcome: 'rejected', status: 'RJCT' });
      await expect(settle(payment.paymentId)).resolves.toEqual({ paymentId: payment.paymentId, outcome: 'already-decided', status: 'RJCT' });
      expect(await balances(world.store)).toEqual(before);
      await expect(postingsOf(payment.paymentId)).resolves.toEqual([]);
      const rejected = await world.payments.payment(payment.paymentId);
      expect(rejected?.statusHistory.map(({ fromStatus, status, reasonCode }) => [fromStatus, status, reasonCode])).toEqual([
        [undefined, 'RCVD', undefined],
        ['RCVD', 'RJCT', 'MS03'],
      ]);
    } finally {
      await world.store.prisma.$executeRawUnsafe('ALTER TABLE posting DROP CONSTRAINT test_refuses_42_42');
    }
  });

  it('the overdrawn Travel money account may pay only what its 100.00 overdraft leaves (30.41)', async () => {
    const tooMuch = await accept({ amount: '30.42', debtorAccountId: 'acc-ava-travel', creditor: EXTERNAL_PAYEE });
    const allThatIsLeft = await accept({ amount: '30.41', debtorAccountId: 'acc-ava-travel', creditor: EXTERNAL_PAYEE });
    await expect(settle(tooMuch.paymentId)).resolves.toMatchObject({ status: 'RJCT' });
    await expect(settle(allThatIsLeft.paymentId)).resolves.toMatchObject({ status: 'ACSC' });
    expect((await balances(world.store))['acc-ava-travel']).toBe(-10_000);
  });

  it('settling the same payment twice at once, and again later, posts it once', async () => {
    const before = await balances(world.store);
    const payment = await accept({ amount: '7.77', debtorAccountId: 'acc-mia-savings' });
    const outcomes = await Promise.all([settle(payment.paymentId), settle(payment.paymentId), settle(payment.paymentId)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['already-decided', 'already-decided', 'settled']);
    await expect(settle(payment.paymentId)).resolves.toEqual({ paymentId: payment.paymentId, outcome: 'already-decided', status: 'ACCC' });

    await expect(postingsOf(payment.paymentId)).resolves.toHaveLength(2);
    expect((await balances(world.store))['acc-mia-savings']).toBe(before['acc-mia-savings'] - 777);
  });

  it('a payment id the books do not know is reported, not invented', async () => {
    await expect(settle('dp-nowhere')).resolves.toEqual({ paymentId: 'dp-nowhere', outcome: 'unknown-payment' });
  });

  it('20 concurrent settlements that together exceed the balance: those that fit settle, the rest RJCT, never below zero', async () => {
    const account = 'acc-ava-everyday';
    const opening = (await balances(world.store))[account];
    const amount = Math.floor(opening / 13) + 1; // 12 fit, 8 do not
    const payments = await Promise.all(Array.from({ length: 20 }, () => accept({ debtorAccountId: account, amount: toAmount(amount) })));
    const outcomes = await Promise.all(payments.map((payment) => settle(payment.paymentId)));

    const settled = outcomes.filter((o) => o.outcome === 'settled');
    expect(settled).toHaveLength(12);
    expect(outcomes.filter((o) => o.outcome === 'rejected')).toHaveLength(8);
    const balance = (await balances(world.store))[account];
    expect(balance).toBe(opening - 12 * amount);
    expect(balance).toBeGreaterThanOrEqual(0);

    // the account's balance after each of its postings, in the order they were made, never went below zero
    const ownPostings = await world.store.prisma.posting.findMany({ where: { accountId: account }, orderBy: { sequence: 'asc' } });
    const { openingBalanceMinor } = await world.store.prisma.account.findUniqueOrThrow({ where: { accountId: account } });
    let running = openingBalanceMinor;
    for (const posting of ownPostings) {
      running += posting.creditDebit === 'Credit' ? posting.amountMinor : -posting.amountMinor;
      expect(running).toBeGreaterThanOrEqual(0);
    }
  });

  it('money is conserved: after a mixed run each balance is opening + postings and the sum of all balances is unchanged', async () => {
    const before = await balances(world.store);
    const customerTotalBefore = sum(before, CUSTOMER_ACCOUNTS);
    const internal = [
      { debtorAccountId: 'acc-noah-savings', creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000001', name: 'Mia Hartley' }, amount: '150.00' },
      { debtorAccountId: 'acc-mia-everyday', creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000012', name: 'Noah Okafor' }, amount: '99.99' },
      { debtorAccountId: 'acc-ava-travel', creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000021', name: 'Ava Lindqvist' }, amount: '5000.00' },
      { debtorAccountId: 'acc-ava-savings', creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000023', name: 'Ava Lindqvist' }, amount: '12.34' },
      { debtorAccountId: 'acc-noah-everyday', creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000013', name: 'Okafor Design Ltd' }, amount: '1000000.00' },
      { debtorAccountId: 'acc-noah-business', creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000011', name: 'Noah Okafor' }, amount: '321.00' },
    ];
    const accepted = await Promise.all([...internal, ...internal].map((overrides) => accept(overrides)));
    const outcomes = await Promise.all(accepted.map((payment) => settle(payment.paymentId)));
    expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(['settled', 'rejected']));

    const after = await balances(world.store);
    expect(sum(after, CUSTOMER_ACCOUNTS)).toBe(customerTotalBefore);
    expect(sum(after)).toBe(sum(before));
    expect(after).toEqual(await postedBalances(world.store));

    const external = await Promise.all(
      [{ amount: '10.00' }, { amount: '9999999.00' }, { amount: '0.01' }].map((overrides) =>
        accept({ ...overrides, debtorAccountId: 'acc-noah-savings', creditor: EXTERNAL_PAYEE }),
      ),
    );
    const externalOutcomes = await Promise.all(external.map((payment) => settle(payment.paymentId)));
    expect(externalOutcomes.map((o) => o.outcome)).toEqual(['settled', 'rejected', 'settled']);
    const final = await balances(world.store);
    expect(sum(final)).toBe(sum(before));
    expect(final['bank-external-clearing'] - after['bank-external-clearing']).toBe(1_001);
    expect(sum(final, CUSTOMER_ACCOUNTS)).toBe(customerTotalBefore - 1_001);
    expect(final).toEqual(await postedBalances(world.store));
  });
});
