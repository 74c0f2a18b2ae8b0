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
}
