import { Prisma } from '../../generated/prisma';
import { BankStore } from './bank-store';
import { EXTERNAL_CLEARING_ACCOUNT } from './external-clearing-account';
import { LedgerReads } from './ledger-reads';
import { lockedAccounts, type Transfer, transferPostings } from './postings';
import { SANDBOX_ACCOUNTS, SANDBOX_TRANSACTIONS } from './sandbox-ledger';
import { seedSandboxBank } from './seed';
import { isUniqueViolation, sqlStateOf } from './sql-state';
import { dropDatabase, freshDatabase } from '@fapi/testing';

/** Balances in the README, after the seeded history. */
const SEEDED_BALANCES: Record<string, number> = {
  'acc-mia-everyday': 407_118,
  'acc-mia-savings': 517_942,
  'acc-noah-business': 1_567_017,
  'acc-noah-everyday': 429_541,
  'acc-noah-savings': 1_351_921,
  'acc-ava-everyday': 304_049,
  'acc-ava-savings': 152_355,
  'acc-ava-travel': -6_959,
  'bank-external-clearing': 0,
};

const transfer = (paymentId: string, from: string, to: string, amountMinor: number): Transfer => ({
  paymentId,
  amountMinor,
  debit: { accountId: from, information: 'TEST DEBIT', proprietaryCode: 'FasterPayment' },
  credit: { accountId: to, information: 'TEST CREDIT', proprietaryCode: 'FasterPayment' },
});

describe('the ledger: postings and balances in PostgreSQL', () => {
  let databaseUrl: string;
  let store: BankStore;
  beforeAll(async () => {
    databaseUrl = await freshDatabase('bank', 'fapi_unit_bank_ledger');
    store = BankStore.connect(databaseUrl);
    await seedSandboxBank(store);
  }, 60_000);
  afterAll(async () => {
    await store?.disconnect();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  /** Postings name the payment they settle: the payment row must exist first. */
  const payment = (paymentId: string, debtorAccountId: string, amountMinor: number) =>
    store.prisma.domesticPayment.create({
      data: {
        paymentId,
        consentId: `consent-${paymentId}`,
        clientId: 'tpp-a',
        debtorAccountId,
        creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
        creditorIdentification: '99000110000011',
        amountMinor,
        currency: 'GBP',
        initiation: {},
        risk: {},
        status: 'RCVD',
        creationDateTime: new Date(),
        statusUpdateDateTime: new Date(),
      },
    });
  /** The transfer's postings alone in a statement (booked now), as a settlement makes them inside its own. */
  const postTransfer = (transfer: Transfer) => store.prisma.$executeRaw`WITH ${transferPostings(transfer, Prisma.sql`SELECT now() AS at`)} SELECT 1`;
  const balances = async () =>
    Object.fromEntries((await store.prisma.account.findMany({ orderBy: { accountId: 'asc' } })).map((a) => [a.accountId, a.balanceMinor]));
  const postedNet = async (accountId: string) =>
    (await store.prisma.posting.findMany({ where: { accountId } })).reduce((net, p) => net + (p.creditDebit === 'Credit' ? p.amountMinor : -p.amountMinor), 0);

  describe('the seed', () => {
    it('books every seeded transaction as a posting and sets each balance to opening + postings', async () => {
      await expect(store.prisma.posting.count()).resolves.toBe(SANDBOX_TRANSACTIONS.length);
      expect(await balances()).toEqual(SEEDED_BALANCES);
      for (const account of await store.prisma.account.findMany()) {
        expect(account.balanceMinor).toBe(account.openingBalanceMinor + (await postedNet(account.accountId)));
      }
    });

    it('seeding again changes nothing', async () => {
      await expect(seedSandboxBank(store)).resolves.toBe(false);
      await expect(store.prisma.account.count()).resolves.toBe(SANDBOX_ACCOUNTS.length + 1);
      await expect(store.prisma.posting.count()).resolves.toBe(SANDBOX_TRANSACTIONS.length);
    });

    it('keeps the overdrawn Travel money account within its 100.00 overdraft', async () => {
      const travel = await store.prisma.account.findUniqueOrThrow({ where: { accountId: 'acc-ava-travel' } });
      expect({ balance: travel.balanceMinor, limit: travel.overdraftLimitMinor }).toEqual({ balance: -6_959, limit: 10_000 });
    });
  });

  describe('the external clearing account', () => {
    it('exists in the books with no owner and is never shown to PSUs', async () => {
      const clearing = await store.prisma.account.findUniqueOrThrow({ where: { accountId: EXTERNAL_CLEARING_ACCOUNT.accountId } });
      expect(clearing.psuId).toBeNull();
      const ledger = new LedgerReads(store.statements);
      await expect(ledger.accounts([EXTERNAL_CLEARING_ACCOUNT.accountId])).resolves.toEqual([]);
      await expect(ledger.accountExists(EXTERNAL_CLEARING_ACCOUNT.accountId)).resolves.toBe(false);
    });
  });

  describe("the payments' composed statements, run as named prepared statements (PreparedStatements.sqlRows)", () => {
    it('runs each text as its own statement, again and again, with its values as Prisma would send them', async () => {
      const at = new Date('2026-12-07T14:30:00.123Z');
      const instant = (when: Date) => Prisma.sql`SELECT to_char(${when}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at`;
      const sum = (left: number, right: Prisma.Sql) => Prisma.sql`SELECT ${left}::int + (${right}) AS n, ${[...new Set(['a', 'b', 'a'])]}::varchar[] AS ids`;
      for (let turn = 0; turn < 12; turn++) {
        await expect(store.statements.sqlRows(instant(at))).resolves.toEqual([{ at: '2026-12-07T14:30:00.123' }]);
        await expect(store.statements.sqlRows(sum(40, Prisma.sql`SELECT ${turn}::int`))).resolves.toEqual([{ n: 40 + turn, ids: ['a', 'b'] }]);
      }
    });
  });

  describe('posting a transfer', () => {
    it('debits one account, credits the other and moves both balances by the amount', async () => {
      await payment('pay-ledger-1', 'acc-mia-savings', 12_345);
      const before = await balances();
      await postTransfer(transfer('pay-ledger-1', 'acc-mia-savings', 'acc-noah-everyday', 12_345));
      const after = await balances();
      expect(after['acc-mia-savings']).toBe(before['acc-mia-savings'] - 12_345);
      expect(after['acc-noah-everyday']).toBe(before['acc-noah-everyday'] + 12_345);
      const postings = await store.prisma.posting.findMany({ where: { paymentId: 'pay-ledger-1' }, orderBy: { sequence: 'asc' } });
      expect(postings.map((p) => [p.postingId, p.accountId, p.creditDebit, p.amountMinor])).toEqual([
        ['pay-ledger-1-debit', 'acc-mia-savings', 'Debit', 12_345],
        ['pay-ledger-1-credit', 'acc-noah-everyday', 'Credit', 12_345],
      ]);
    });

    it('locks the accounts (each once, in id order) and reads their balances and limits; none while its condition is false', async () => {
      const locked = (when: Prisma.Sql) =>
        store.prisma.$transaction(async (tx) => {
          const rows = await tx.$queryRaw<{ account_id: string; balance_minor: number; overdraft_limit_minor: number }[]>`
            ${lockedAccounts(['acc-ava-travel', 'acc-ava-savings', 'acc-ava-travel'], when)}`;
          // a row this transaction locked carries its id as xmax
          const held = await tx.$queryRaw<{ account_id: string }[]>`
            SELECT account_id FROM account WHERE xmax::text::bigint = txid_current() % 4294967296 ORDER BY account_id`;
          return { rows, held: held.map((row) => row.account_id) };
        });
      const { rows, held } = await locked(Prisma.sql`true`);
      expect(rows).toEqual([
        { account_id: 'acc-ava-savings', balance_minor: 152_355, overdraft_limit_minor: 0 },
        { account_id: 'acc-ava-travel', balance_minor: -6_959, overdraft_limit_minor: 10_000 },
      ]);
      expect(held).toEqual(['acc-ava-savings', 'acc-ava-travel']);
      await expect(locked(Prisma.sql`false`)).resolves.toEqual({ rows: [], held: [] });
    });
  });

  describe('the database makes overdrawing and double-posting impossible, whatever the code does', () => {
    it('refuses, by its CHECK constraint, a raw UPDATE that takes a balance below the overdraft limit', async () => {
      const overdraw = store.prisma.$executeRaw`UPDATE account SET balance_minor = balance_minor - 3042 WHERE account_id = 'acc-ava-travel'`;
      await expect(overdraw).rejects.toThrow(/account_balance_within_overdraft_limit/);
      const travel = await store.prisma.account.findUniqueOrThrow({ where: { accountId: 'acc-ava-travel' } });
      expect(travel.balanceMinor).toBe(-6_959);
    });

    it('refuses a transfer posted without checking funds, and keeps neither posting', async () => {
      await payment('pay-ledger-overdraw', 'acc-ava-savings', 10_000_000);
      const before = await balances();
      const unchecked = postTransfer(transfer('pay-ledger-overdraw', 'acc-ava-savings', 'acc-mia-everyday', 10_000_000));
      await expect(unchecked).rejects.toThrow(/account_balance_within_overdraft_limit/);
      expect(await balances()).toEqual(before);
      await expect(store.prisma.posting.count({ where: { paymentId: 'pay-ledger-overdraw' } })).resolves.toBe(0);
    });

    it('refuses a second debit of the same payment on the same account (unique payment, account, direction)', async () => {
      await payment('pay-ledger-twice', 'acc-noah-savings', 100);
      await postTransfer(transfer('pay-ledger-twice', 'acc-noah-savings', 'acc-ava-everyday', 100));
      const before = await balances();
      const duplicate = store.prisma.$executeRaw`
        INSERT INTO posting (posting_id, account_id, payment_id, amount_minor, credit_debit, booking_date_time, value_date_time, information, proprietary_code)
        VALUES ('another-id', 'acc-noah-savings', 'pay-ledger-twice', 100, 'Debit', now(), now(), 'AGAIN', 'FasterPayment')`;
      await expect(duplicate).rejects.toThrow(/posting_payment_id_account_id_credit_debit_key/);
      const again = postTransfer(transfer('pay-ledger-twice', 'acc-noah-savings', 'acc-ava-everyday', 100));
      await expect(again).rejects.toThrow();
      expect(await balances()).toEqual(before);
    });

    it('tells a unique violation by its SQLSTATE, whether node-postgres or Prisma ran the statement (what payments decide by)', async () => {
      await payment('pay-ledger-sqlstate', 'acc-noah-savings', 100);
      await postTransfer(transfer('pay-ledger-sqlstate', 'acc-noah-savings', 'acc-ava-everyday', 100));
      const duplicate = Prisma.sql`
        INSERT INTO posting (posting_id, account_id, payment_id, amount_minor, credit_debit, booking_date_time, value_date_time, information, proprietary_code)
        VALUES ('another-id', 'acc-noah-savings', 'pay-ledger-sqlstate', 100, 'Debit', now(), now(), 'AGAIN', 'FasterPayment')`;
      const refusals = await Promise.all([store.statements.sqlRows(duplicate), store.prisma.$executeRaw(duplicate)].map((statement) => statement.then(() => undefined, (error: unknown) => error)));
      expect(refusals.map((error) => [sqlStateOf(error), isUniqueViolation(error)])).toEqual([
        ['23505', true],
        ['23505', true],
      ]);
    });

    it('refuses a posting of a zero or negative amount', async () => {
      const negative = store.prisma.$executeRaw`
        INSERT INTO posting (posting_id, account_id, amount_minor, credit_debit, booking_date_time, value_date_time, information, proprietary_code)
        VALUES ('negative', 'acc-noah-savings', -100, 'Credit', now(), now(), 'NEGATIVE', 'FasterPayment')`;
      await expect(negative).rejects.toThrow(/posting_amount_positive/);
    });
  });
});
