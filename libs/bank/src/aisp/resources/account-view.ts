import type { OBAccount6 } from '@fapi/open-banking';
import type { AccountWithHolder } from '../../ledger/ledger-reads';

/** An account as OBAccount6; its identification (sort code + account number, holder) only with ReadAccountsDetail. */
export function obAccount(account: AccountWithHolder, detail: boolean): OBAccount6 {
  const basic: OBAccount6 = {
    AccountId: account.accountId,
    Status: 'Enabled',
    StatusUpdateDateTime: account.openingDate.toISOString(),
    Currency: account.currency,
    AccountCategory: account.accountCategory,
    AccountTypeCode: account.accountTypeCode as OBAccount6['AccountTypeCode'],
    Nickname: account.nickname,
    OpeningDate: account.openingDate.toISOString(),
  };
  if (!detail) return basic;
  return {
    ...basic,
    Account: [
      {
        SchemeName: 'UK.OBIE.SortCodeAccountNumber',
        Identification: `${account.sortCode}${account.accountNumber}`,
        Name: account.customer.name,
      },
    ],
  };
}
