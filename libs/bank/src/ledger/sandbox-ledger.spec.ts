import { LEDGER_START, SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS, SANDBOX_TRANSACTIONS, sandboxTransactionsOf } from './sandbox-ledger';

describe('the sandbox ledger is fixed data', () => {
  it('has at least 3 customers with 2 to 4 accounts each', () => {
    expect(SANDBOX_CUSTOMERS.length).toBeGreaterThanOrEqual(3);
    for (const customer of SANDBOX_CUSTOMERS) {
      const accounts = SANDBOX_ACCOUNTS.filter((a) => a.psuId === customer.psuId);
      expect(accounts.length).toBeGreaterThanOrEqual(2);
      expect(accounts.length).toBeLessThanOrEqual(4);
    }
  });

  it('gives every account 36 booked transactions dated from LEDGER_START, oldest first', () => {
    for (const account of SANDBOX_ACCOUNTS) {
      const transactions = SANDBOX_TRANSACTIONS.filter((t) => t.accountId === account.accountId);
      expect(transactions).toHaveLength(36);
      const times = transactions.map((t) => t.bookingDateTime);
      expect([...times].sort()).toEqual(times);
      expect(times[0] >= LEDGER_START).toBe(true);
      expect(times[35] < '2025-07-01T00:00:00.000Z').toBe(true);
    }
  });

  it('is the same every time it is generated (no clock, no randomness)', () => {
    expect(sandboxTransactionsOf(SANDBOX_ACCOUNTS[0])).toEqual(SANDBOX_TRANSACTIONS.slice(0, 36));
    expect(SANDBOX_TRANSACTIONS[0]).toEqual({
      transactionId: 'acc-mia-everyday-001',
      accountId: 'acc-mia-everyday',
      amountMinor: 245_000,
      creditDebit: 'Credit',
      bookingDateTime: '2025-04-01T09:00:00.000Z',
      valueDateTime: '2025-04-01T09:00:00.000Z',
      information: 'SALARY NORTHWIND TRADING LTD',
      reference: 'NORTHWIND PAYROLL',
      proprietaryCode: 'CreditTransfer',
      counterparty: { name: 'Northwind Trading Ltd', sortCode: '400515', accountNumber: '71234567' },
    });
  });

  it('has unique transaction ids and account numbers', () => {
    expect(new Set(SANDBOX_TRANSACTIONS.map((t) => t.transactionId)).size).toBe(SANDBOX_TRANSACTIONS.length);
    expect(new Set(SANDBOX_ACCOUNTS.map((a) => a.accountNumber)).size).toBe(SANDBOX_ACCOUNTS.length);
  });

  it('lets no account go below its overdraft limit at any point of its seeded history', () => {
    for (const account of SANDBOX_ACCOUNTS) {
      let balance = account.openingBalanceMinor;
      for (const transaction of sandboxTransactionsOf(account)) {
        balance += transaction.creditDebit === 'Credit' ? transaction.amountMinor : -transaction.amountMinor;
        expect(balance).toBeGreaterThanOrEqual(-account.overdraftLimitMinor);
      }
    }
  });

  it('gives an overdraft only to the account its history overdraws (Travel money, 100.00)', () => {
    const withOverdraft = SANDBOX_ACCOUNTS.filter((account) => account.overdraftLimitMinor > 0);
    expect(withOverdraft.map((account) => [account.accountId, account.overdraftLimitMinor])).toEqual([['acc-ava-travel', 10_000]]);
  });
});
