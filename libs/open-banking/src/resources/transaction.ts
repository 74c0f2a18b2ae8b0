import type { Links, Meta, OBAccountIdentification, OBAmount, OBBalanceType, OBCreditDebitCode } from './envelope';

/** ExternalEntryStatus1Code. */
export type OBEntryStatus = 'BOOK' | 'FUTR' | 'INFO' | 'PDNG' | 'RJCT';

/** `components.schemas.OBTransactionCashBalance`: the running balance after a transaction. */
export interface OBTransactionCashBalance {
  CreditDebitIndicator: OBCreditDebitCode;
  Type: OBBalanceType;
  Amount: OBAmount;
}

/**
 * `components.schemas.OBTransaction6`. With ReadTransactionsBasic only the basic fields; `TransactionInformation`,
 * `Balance`, `MerchantDetails` and the creditor/debtor account need ReadTransactionsDetail.
 */
export interface OBTransaction6 {
  AccountId: string;
  TransactionId?: string;
  TransactionReference?: string;
  CreditDebitIndicator: OBCreditDebitCode;
  Status: OBEntryStatus;
  TransactionMutability?: 'Mutable' | 'Immutable';
  BookingDateTime: string;
  ValueDateTime?: string;
  TransactionInformation?: string;
  Amount: OBAmount;
  BankTransactionCode?: { Code: string; SubCode: string };
  ProprietaryBankTransactionCode?: { Code: string; Issuer?: string };
  Balance?: OBTransactionCashBalance;
  MerchantDetails?: { MerchantName?: string; MerchantCategoryCode?: string };
  CreditorAccount?: Partial<OBAccountIdentification>;
  DebtorAccount?: Partial<OBAccountIdentification>;
}

/** `components.schemas.OBReadTransaction6`: GET transactions and accounts/{AccountId}/transactions. */
export interface OBReadTransaction6 {
  Data: { Transaction?: OBTransaction6[] };
  Links?: Links;
  Meta?: Meta;
}
