import { hashPassword } from '../customers/password-hash';
import type { BankStore } from './bank-store';
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS, SANDBOX_TRANSACTIONS } from './sandbox-ledger';

/**
 * Fills an empty bank database with the sandbox ledger. Safe to run again and from two instances at once: it does
 * nothing when customers exist, and rows already present are skipped. Returns whether it seeded.
 */
export async function seedSandboxBank(store: BankStore): Promise<boolean> {
  if ((await store.prisma.customer.count()) > 0) return false;
  const customers = await Promise.all(
    SANDBOX_CUSTOMERS.map(async ({ psuId, username, password, name }) => ({ psuId, username, name, passwordHash: await hashPassword(password) })),
  );
  await store.prisma.$transaction([
    store.prisma.customer.createMany({ data: customers, skipDuplicates: true }),
    store.prisma.account.createMany({
      data: SANDBOX_ACCOUNTS.map(({ ledger: _pattern, openingDate, ...account }) => ({ ...account, openingDate: new Date(openingDate) })),
      skipDuplicates: true,
    }),
    store.prisma.transaction.createMany({
      data: SANDBOX_TRANSACTIONS.map(({ counterparty, bookingDateTime, valueDateTime, ...transaction }) => ({
        ...transaction,
        bookingDateTime: new Date(bookingDateTime),
        valueDateTime: new Date(valueDateTime),
        counterpartyName: counterparty?.name,
        counterpartySortCode: counterparty?.sortCode,
        counterpartyAccountNumber: counterparty?.accountNumber,
      })),
      skipDuplicates: true,
    }),
  ]);
  return true;
}
