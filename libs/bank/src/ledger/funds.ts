import { Prisma } from '../../generated/prisma';

/** What decides whether an account can pay: its balance and how far below zero it may go. */
export interface FundsPosition {
  balanceMinor: number;
  overdraftLimitMinor: number;
}

/** An account may be debited only if its balance stays within its overdraft limit (the database CHECK enforces the same). */
export function canDebit(account: FundsPosition, amountMinor: number): boolean {
  return account.balanceMinor - amountMinor >= -account.overdraftLimitMinor;
}

/** canDebit as an SQL condition on a row with `balance_minor` and `overdraft_limit_minor` (an account, locked). */
export function canDebitSql(amountMinor: number): Prisma.Sql {
  return Prisma.sql`balance_minor - ${amountMinor}::int >= -overdraft_limit_minor`;
}
