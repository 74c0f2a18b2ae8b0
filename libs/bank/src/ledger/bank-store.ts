import { createPrismaClient, databaseUrl } from '@fapi/persistence';
import { type Account, type Customer, type Posting, PrismaClient } from '../../generated/prisma';
import { PreparedStatements } from './prepared-statements';

export type { Account, Customer, Posting };

/**
 * The bank's database: customers, accounts and the ledger of postings. An account's balance is its opening balance
 * plus its postings; each posting is made together with that balance (see postings.ts). Through Prisma, and through
 * node-postgres named prepared statements where a statement runs on every read or payment (`statements`).
 */
export class BankStore {
  constructor(
    readonly prisma: PrismaClient,
    readonly statements: PreparedStatements,
  ) {}

  static connect(url: string = databaseUrl('bank')): BankStore {
    return new BankStore(createPrismaClient(PrismaClient, url), new PreparedStatements(url));
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.statements.close(), this.prisma.$disconnect()]);
  }
}
