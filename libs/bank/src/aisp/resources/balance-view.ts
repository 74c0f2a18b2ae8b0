import type { OBCashBalance } from '@fapi/open-banking';
import type { Account } from '../../ledger/bank-store';
import { signedBalance } from '../../ledger/money';

/**
 * An account's balances: InterimBooked (ITBD) and InterimAvailable (ITAV, the same: the sandbox has no pending
 * entries or credit lines), as of its latest booked transaction.
 */
export function obBalances(account: Account, balanceMinor: number, asOf: Date): OBCashBalance[] {
  const { Amount, CreditDebitIndicator } = signedBalance(balanceMinor);
  return (['ITBD', 'ITAV'] as const).map((Type) => ({
    AccountId: account.accountId,
    CreditDebitIndicator,
    Type,
    DateTime: asOf.toISOString(),
    Amount: { Amount, Currency: account.currency },
  }));
}
