import { hashPassword, PUBLISHED_PASSWORD_COST } from '../customers/password-hash';
import type { BankStore } from './bank-store';
import { EXTERNAL_CLEARING_ACCOUNT } from './external-clearing-account';
import { postingDescription } from './postings';
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS, SANDBOX_TRANSACTIONS, type SandboxTransaction } from './sandbox-ledger';

const signed = (transaction: SandboxTransaction) => (transaction.creditDebit === 'Credit' ? transaction.amountMinor : -transaction.amountMinor);

/** Seeded postings in booking order (ties by id), so their sequence is the order AISP has always shown them in. */
const bookingOrder = (a: SandboxTransaction, b: SandboxTransaction) =>
  a.bookingDateTime.localeCompare(b.bookingDateTime) || a.transactionId.localeCompare(b.transactionId);

/**
 * Fills an empty bank database with the sandbox ledger: customers, their accounts, the external clearing account,
 * and one posting per seeded transaction, each account's balance being its opening balance plus its postings
 * (written in the same database transaction). Safe to run again and from two instances at once: it does nothing
 * when customers exist, and rows already present are skipped. Returns whether it seeded.
 */
export async function seedSandboxBank(store: BankStore): Promise<boolean> {
  if ((await store.prisma.customer.count()) > 0) return false;
  // Their passwords are published (README, sign-in page): hashed at the cost that fits a password no hash can keep secret.
  const customers = await Promise.all(
    SANDBOX_CUSTOMERS.map(async ({ psuId, username, password, name }) => ({
      psuId,
      username,
      name,
      passwordHash: await hashPassword(password, PUBLISHED_PASSWORD_COST),
    })),
  );
  const balanceOf = (accountId: string, openingBalanceMinor: number) =>
    SANDBOX_TRANSACTIONS.filter((t) => t.accountId === accountId).reduce((balance, t) => balance + signed(t), openingBalanceMinor);
  const accounts = [
    ...SANDBOX_ACCOUNTS.map(({ ledger: _pattern, ...account }) => ({
      ...account,
      balanceMinor: balanceOf(account.accountId, account.openingBalanceMinor),
    })),
    { ...EXTERNAL_CLEARING_ACCOUNT, balanceMinor: EXTERNAL_CLEARING_ACCOUNT.openingBalanceMinor },
  ];
  await store.prisma.$transaction([
    store.prisma.customer.createMany({ data: customers, skipDuplicates: true }),
    store.prisma.account.createMany({
      data: accounts.map(({ openingDate, ...account }) => ({ ...account, openingDate: new Date(openingDate) })),
      skipDuplicates: true,
    }),
    store.prisma.posting.createMany({
      data: [...SANDBOX_TRANSACTIONS].sort(bookingOrder).map((transaction) => ({
        postingId: transaction.transactionId,
        accountId: transaction.accountId,
        amountMinor: transaction.amountMinor,
        creditDebit: transaction.creditDebit,
        bookingDateTime: new Date(transaction.bookingDateTime),
        valueDateTime: new Date(transaction.valueDateTime),
        merchantName: transaction.merchantName,
        merchantCategoryCode: transaction.merchantCategoryCode,
        ...postingDescription(transaction),
      })),
      skipDuplicates: true,
    }),
  ]);
  return true;
}
