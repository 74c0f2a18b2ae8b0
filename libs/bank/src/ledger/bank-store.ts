import { createPrismaClient, databaseUrl } from '@fapi/persistence';
import { type Account, type Customer, type Posting, PrismaClient } from '../../generated/prisma';

export type { Account, Customer, Posting };

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
}
