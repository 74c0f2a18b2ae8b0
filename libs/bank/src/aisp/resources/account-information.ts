import type { AccountAccessConsent } from '@fapi/nats-contract';
import type { OBAccount6, OBCashBalance, OBTransaction6 } from '@fapi/open-banking';
import type { LedgerReads, WindowTransaction } from '../../ledger/ledger-reads';
import { obAccount } from './account-view';
import { obBalances } from './balance-view';
import { obTransaction } from './transaction-view';
import { transactionPage } from './transaction-pages';
import type { TransactionWindow } from './transaction-window';

const has = (consent: AccountAccessConsent, permission: AccountAccessConsent['permissions'][number]) =>
  consent.permissions.includes(permission);

/** Rule: ReadTransactionsCredits shows credits, ReadTransactionsDebits debits (both: all). */
function directionsAllowed(consent: AccountAccessConsent): Set<'Credit' | 'Debit'> {
  const directions = new Set<'Credit' | 'Debit'>();
  if (has(consent, 'ReadTransactionsCredits')) directions.add('Credit');
  if (has(consent, 'ReadTransactionsDebits')) directions.add('Debit');
  return directions;
}

/** The data of the AISP resources, for accounts the consent already covers, shaped by what it permits. */
export class AccountInformation {
  constructor(private readonly ledger: LedgerReads) {}

  /** Rule: ReadAccountsDetail adds each account's identification; ReadAccountsBasic shows the rest. */
  async accounts(consent: AccountAccessConsent, accountIds: readonly string[]): Promise<OBAccount6[]> {
    const detail = has(consent, 'ReadAccountsDetail');
    return (await this.ledger.accounts(accountIds)).map((account) => obAccount(account, detail));
  }

  async balances(accountIds: readonly string[]): Promise<OBCashBalance[]> {
    const [accounts, totals] = await Promise.all([this.ledger.accounts(accountIds), this.ledger.bookedTotals(accountIds)]);
    return accounts.flatMap((account) => {
      const total = totals.get(account.accountId);
      return obBalances(account, account.openingBalanceMinor + (total?.netMinor ?? 0), total?.lastBooking ?? account.openingDate);
    });
  }

  /**
   * Page `page` of the booked transactions in the window, oldest first, only the directions the consent permits;
   * Detail fields only with ReadTransactionsDetail. Running balances count every earlier transaction, inside the
   * window or not. A page past the last: 400 U002. The page is cut here rather than in SQL: a statement that computed
   * the running balances and the count in PostgreSQL took it twice as long as the plain read (bench/README.md).
   */
  async transactions(
    consent: AccountAccessConsent,
    accountIds: readonly string[],
    window: TransactionWindow,
    page: number,
  ): Promise<{ transactions: OBTransaction6[]; totalPages: number }> {
    const detail = has(consent, 'ReadTransactionsDetail');
    const directions = directionsAllowed(consent);
    const accounts = new Map((await this.ledger.accounts(accountIds)).map((account) => [account.accountId, account]));
    const balances = new Map([...accounts.values()].map((account) => [account.accountId, account.openingBalanceMinor]));
    const shown: Array<{ transaction: WindowTransaction; currency: string; balance: number }> = [];
    for (const transaction of await this.ledger.transactions([...accounts.keys()], window)) {
      const account = accounts.get(transaction.accountId)!;
      const balance =
        balances.get(account.accountId)! + (transaction.creditDebit === 'Credit' ? transaction.amountMinor : -transaction.amountMinor);
      balances.set(account.accountId, balance);
      if (!transaction.inWindow) continue;
      if (!directions.has(transaction.creditDebit)) continue;
      shown.push({ transaction, currency: account.currency, balance });
    }
    const { onPage, totalPages } = transactionPage(shown, page);
    return { transactions: onPage.map(({ transaction, currency, balance }) => obTransaction(transaction, currency, balance, detail)), totalPages };
  }
}
