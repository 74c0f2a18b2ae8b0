import type { ObAccount, ObBalance, ObTransaction } from '../account-information';

/** Fixed UK OB v4.0 payloads (shapes of OBReadAccount6, OBReadBalance1, OBReadTransaction6) for tests. */
export const ACCOUNTS: ObAccount[] = [
  {
    AccountId: 'acc-001',
    Currency: 'GBP',
    AccountCategory: 'Personal',
    AccountTypeCode: 'CACC',
    Nickname: 'Bills <& "Savings">',
    Account: [{ SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '80200110203345', Name: 'Mr Kevin' }],
  },
  {
    AccountId: 'acc-002',
    Currency: 'GBP',
    Description: 'Holiday pot',
    Account: [{ SchemeName: 'UK.OBIE.IBAN', Identification: 'GB29NWBK60161331926819' }],
  },
];

export const BALANCES: Record<string, ObBalance[]> = {
  'acc-001': [
    { AccountId: 'acc-001', CreditDebitIndicator: 'Credit', Type: 'ITAV', DateTime: '2026-11-20T09:00:00+00:00', Amount: { Amount: '1230.00', Currency: 'GBP' } },
    { AccountId: 'acc-001', CreditDebitIndicator: 'Debit', Type: 'CLBD', DateTime: '2026-11-19T23:59:59+00:00', Amount: { Amount: '15.50', Currency: 'GBP' } },
  ],
  'acc-002': [],
};

export const TRANSACTIONS: Record<string, ObTransaction[]> = {
  'acc-001': [
    {
      AccountId: 'acc-001',
      TransactionId: 'tx-1',
      CreditDebitIndicator: 'Debit',
      Status: 'BOOK',
      BookingDateTime: '2026-11-18T10:00:00+00:00',
      TransactionInformation: '<script>alert(1)</script> Coffee',
      Amount: { Amount: '3.20', Currency: 'GBP' },
    },
    {
      AccountId: 'acc-001',
      TransactionId: 'tx-2',
      CreditDebitIndicator: 'Credit',
      Status: 'BOOK',
      BookingDateTime: '2026-11-19T08:30:00+00:00',
      MerchantDetails: { MerchantName: 'Payroll Ltd' },
      Amount: { Amount: '2500.00', Currency: 'GBP' },
    },
  ],
  'acc-002': [],
};
