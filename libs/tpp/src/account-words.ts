import type { ObAccount } from './account-information';
import { SORT_CODE_ACCOUNT_NUMBER } from './payment-order';

/*
 * The UK OB v4.0 account-information codes in the PSU's words: one table per code set. A code outside its table (a
 * newer code set, a bank's own value) is shown as it came, so nothing is hidden.
 */

/** OBBalanceType1Code. */
export const BALANCE_TYPE_LABELS: Readonly<Record<string, string>> = {
  ITAV: 'Available balance',
  ITBD: 'Current balance',
  CLAV: 'Available at close of day',
  CLBD: 'Balance at close of day',
  OPAV: 'Available at start of day',
  OPBD: 'Balance at start of day',
  FWAV: 'Available in the coming days',
  XPCD: 'Expected balance',
  PRCD: 'Balance at previous close',
  INFO: 'Balance for information',
};

/** OBExternalAccountSubType1Code (AccountTypeCode in v4.0). */
export const ACCOUNT_TYPE_LABELS: Readonly<Record<string, string>> = {
  CACC: 'Current account',
  SVGS: 'Savings account',
  CARD: 'Card account',
  CASH: 'Cash account',
  CHAR: 'Charges account',
  CISH: 'Cash income account',
  COMM: 'Commission account',
  CPAC: 'Clearing participant settlement account',
  LLSV: 'Limited liquidity savings account',
  LOAN: 'Loan',
  MGLD: 'Marginal lending account',
  MOMA: 'Money market account',
  MORT: 'Mortgage',
  NFCA: 'Non-resident foreign currency account',
  NREX: 'Non-resident external account',
  ODFT: 'Overdraft account',
  ONDP: 'Overnight deposit',
  OTHR: 'Account',
  SACC: 'Settlement account',
  SLRY: 'Salary account',
  TAXE: 'Tax account',
  TRAN: 'Transacting account',
  TRAS: 'Cash trading account',
  VACC: 'Virtual account',
  WALT: 'Wallet',
};

/** OBInternalAccountType1Code (AccountCategory). */
export const ACCOUNT_CATEGORY_LABELS: Readonly<Record<string, string>> = { Personal: 'Personal', Business: 'Business' };

/** ExternalEntryStatus1Code: where a transaction stands on the books. */
export const TRANSACTION_STATUS_LABELS: Readonly<Record<string, string>> = {
  BOOK: 'Completed',
  PDNG: 'Pending',
  FUTR: 'Scheduled',
  INFO: 'For information',
  RJCT: 'Rejected',
};

/** OBInternalAccountIdentification4Code: what an identification is, for the schemes not split into parts. */
export const ACCOUNT_SCHEME_LABELS: Readonly<Record<string, string>> = {
  'UK.OBIE.SortCodeAccountNumber': 'Sort code and account number',
  'UK.OBIE.IBAN': 'IBAN',
  'UK.OBIE.BBAN': 'Account number (BBAN)',
  'UK.OBIE.PAN': 'Card number',
  'UK.OBIE.Paym': 'Paym mobile number',
  'UK.OBIE.Wallet': 'Wallet',
};

/** A code in words, or the code itself when the table has none. */
export const inWords = (table: Readonly<Record<string, string>>, code: string): string => table[code] ?? code;

/** A sort code and account number as people write them apart: `12-34-56` and `12345678`. */
export interface SortCodeAndAccountNumber {
  sortCode: string;
  accountNumber: string;
}

/** Splits a sort code + account number identification (6 then 8 digits); anything else (or a malformed one) is not split. */
export function sortCodeAndAccountNumber(schemeName: string | undefined, identification: string | undefined): SortCodeAndAccountNumber | undefined {
  if (schemeName !== SORT_CODE_ACCOUNT_NUMBER || !identification || !/^\d{14}$/.test(identification)) return undefined;
  return { sortCode: identification.slice(0, 6).replace(/(\d{2})(?=\d)/g, '$1-'), accountNumber: identification.slice(6) };
}

/** The name people know an account by: the nickname they gave it, else the bank's description, else its type. */
export function accountName(account: ObAccount): string {
  return account.Nickname ?? account.Description ?? (account.AccountTypeCode ? inWords(ACCOUNT_TYPE_LABELS, account.AccountTypeCode) : account.AccountId);
}
