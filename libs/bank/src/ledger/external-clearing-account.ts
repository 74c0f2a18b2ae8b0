import { LEDGER_START } from './sandbox-ledger';

/**
 * The bank's own account that a payment to a payee at another bank credits, so that money leaving a customer's
 * account stays in the bank's books (the sum of all balances never changes). It belongs to no PSU: PSUs never see
 * it, and no payment can name it as its payee.
 */
export const EXTERNAL_CLEARING_ACCOUNT = {
  accountId: 'bank-external-clearing',
  psuId: null,
  currency: 'GBP',
  nickname: 'External payments clearing',
  sortCode: '990000',
  accountNumber: '00000000',
  accountCategory: 'Business',
  accountTypeCode: 'CACC',
  openingDate: LEDGER_START,
  openingBalanceMinor: 0,
  overdraftLimitMinor: 0,
} as const;
