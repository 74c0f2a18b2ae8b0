import { createPrismaClient, databaseUrl } from '@fapi/persistence';
import { type Account, type Customer, PrismaClient, type Transaction } from '../../generated/prisma';

export type { Account, Customer, Transaction };

/** An account with the name of its holder (shown as the account name with ReadAccountsDetail). */
export type AccountWithHolder = Account & { customer: Pick<Customer, 'name'> };

/** The bank's database: customers, accounts and their booked transactions. Balances are computed from these. */
export class BankStore {
  constructor(readonly prisma: PrismaClient) {}

  static connect(url: string = databaseUrl('bank')): BankStore {
    return new BankStore(createPrismaClient(PrismaClient, url));
  }

  disconnect(): Promise<void> {
    return this.prisma.$disconnect();
  }

  customerByUsername(username: string): Promise<Customer | null> {
    return this.prisma.customer.findUnique({ where: { username } });
  }

  async customerExists(psuId: string): Promise<boolean> {
    return (await this.prisma.customer.count({ where: { psuId } })) > 0;
  }

  accountsOfCustomer(psuId: string): Promise<Account[]> {
    return this.prisma.account.findMany({ where: { psuId }, orderBy: { accountId: 'asc' } });
  }

  /** The accounts among `accountIds` that exist, in the order of their ids. */
  accounts(accountIds: readonly string[]): Promise<AccountWithHolder[]> {
    return this.prisma.account.findMany({
      where: { accountId: { in: [...accountIds] } },
      include: { customer: { select: { name: true } } },
      orderBy: { accountId: 'asc' },
    });
  }

  async accountExists(accountId: string): Promise<boolean> {
    return (await this.prisma.account.count({ where: { accountId } })) > 0;
  }

  /** Booked transactions of the accounts up to (and including) `until`, oldest first. */
  transactions(accountIds: readonly string[], until?: Date): Promise<Transaction[]> {
    return this.prisma.transaction.findMany({
      where: { accountId: { in: [...accountIds] }, status: 'BOOK', ...(until ? { bookingDateTime: { lte: until } } : {}) },
      orderBy: [{ bookingDateTime: 'asc' }, { transactionId: 'asc' }],
    });
  }

  /** Per account: the net of its booked transactions (credits minus debits, minor units) and its latest booking. */
  async bookedTotals(accountIds: readonly string[]): Promise<Map<string, { netMinor: number; lastBooking?: Date }>> {
    const groups = await this.prisma.transaction.groupBy({
      by: ['accountId', 'creditDebit'],
      where: { accountId: { in: [...accountIds] }, status: 'BOOK' },
      _sum: { amountMinor: true },
      _max: { bookingDateTime: true },
    });
    const totals = new Map<string, { netMinor: number; lastBooking?: Date }>();
    for (const group of groups) {
      const total = totals.get(group.accountId) ?? { netMinor: 0 };
      const amount = group._sum.amountMinor ?? 0;
      total.netMinor += group.creditDebit === 'Credit' ? amount : -amount;
      const last = group._max.bookingDateTime ?? undefined;
      if (last && (!total.lastBooking || last > total.lastBooking)) total.lastBooking = last;
      totals.set(group.accountId, total);
    }
    return totals;
  }
}
