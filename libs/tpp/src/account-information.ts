/** The parts of UK OB v4.0 account-information payloads the fintech reads and shows (OBReadAccount6 etc.). */

export interface ObAmount {
  Amount: string;
  Currency: string;
}

export interface ObAccount {
  AccountId: string;
  Currency?: string;
  Nickname?: string;
  Description?: string;
  AccountCategory?: string;
  AccountTypeCode?: string;
  Account?: Array<{ SchemeName: string; Identification: string; Name?: string; SecondaryIdentification?: string }>;
}

export interface ObBalance {
  AccountId: string;
  CreditDebitIndicator: 'Credit' | 'Debit';
  Type: string;
  DateTime: string;
  Amount: ObAmount;
}

export interface ObTransaction {
  AccountId: string;
  TransactionId?: string;
  TransactionReference?: string;
  CreditDebitIndicator: 'Credit' | 'Debit';
  Status: string;
  BookingDateTime: string;
  TransactionInformation?: string;
  Amount: ObAmount;
  MerchantDetails?: { MerchantName?: string };
}

/** A shared account with its balances: what the accounts overview shows. */
export interface AccountSummary {
  account: ObAccount;
  balances: ObBalance[];
}

/** One shared account with what the consent lets the fintech read about it. */
export interface SharedAccount extends AccountSummary {
  transactions: ObTransaction[];
}

/** The account-access-consent as the bank returned it (OBReadConsentResponse1, the fields the fintech uses). */
export interface AccountAccessConsent {
  ConsentId: string;
  Status: string;
  Permissions: string[];
  ExpirationDateTime?: string;
}
