import { createPrismaClient, databaseUrl } from '@fapi/persistence';
import { type Account, type Customer, type Posting, PrismaClient } from '../../generated/prisma';

export type { Account, Customer, Posting };

/** A customer's account with the name of its holder (shown as the account name with ReadAccountsDetail). */
export type AccountWithHolder = Account & { customer: Pick<Customer, 'name'> };

/** PSUs only ever see customers' accounts, never the bank's own (such as the external clearing account). */
const CUSTOMER_ACCOUNT = { psuId: { not: null } } as const;

/**
 * The bank's database: customers, accounts and the ledger of postings. An account's balance is its opening balance
 * plus its postings; each posting is made together with that balance (see postings.ts).
 */
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

  /** The customers' accounts among `accountIds` that exist, in the order of their ids. */
  async accounts(accountIds: readonly string[]): Promise<AccountWithHolder[]> {
    const accounts = await this.prisma.account.findMany({
      where: { accountId: { in: [...accountIds] }, ...CUSTOMER_ACCOUNT },
      include: { customer: { select: { name: true } } },
      orderBy: { accountId: 'asc' },
    });
    return accounts.filter((account): account is AccountWithHolder => account.customer !== null);
  }

  /** Whether a customer's account has this id. */
  async accountExists(accountId: string): Promise<boolean> {
    return (await this.prisma.account.count({ where: { accountId, ...CUSTOMER_ACCOUNT } })) > 0;
  }

  /** The accounts' booked transactions (their postings) up to (and including) `until`, oldest first. */
  transactions(accountIds: readonly string[], until?: Date): Promise<Posting[]> {
    return this.prisma.posting.findMany({
      where: { accountId: { in: [...accountIds] }, ...(until ? { bookingDateTime: { lte: until } } : {}) },
      orderBy: [{ bookingDateTime: 'asc' }, { sequence: 'asc' }],
    });
  }

  /** Per account: the net of its postings (credits minus debits, minor units) and its latest booking. */
  async bookedTotals(accountIds: readonly string[]): Promise<Map<string, { netMinor: number; lastBooking?: Date }>> {
    const groups = await this.prisma.posting.groupBy({
      by: ['accountId', 'creditDebit'],
      where: { accountId: { in: [...accountIds] } },
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
