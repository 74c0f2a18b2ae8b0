/** `components.schemas.Links`: `Self` is required; the paging links only when a result spans pages. */
export interface Links {
  Self: string;
  First?: string;
  Prev?: string;
  Next?: string;
  Last?: string;
}

/** `components.schemas.Meta`. */
export interface Meta {
  TotalPages?: number;
  FirstAvailableDateTime?: string;
  LastAvailableDateTime?: string;
}

/** An amount as OB writes it: a decimal string (up to 13 digits and 5 decimals) and an ISO 4217 currency. */
export interface OBAmount {
  Amount: string;
  Currency: string;
}

export type OBCreditDebitCode = 'Credit' | 'Debit';

/** OBBalanceType1Code. */
export type OBBalanceType =
  | 'CLAV' // ClosingAvailable
  | 'CLBD' // ClosingBooked
  | 'FWAV' // ForwardAvailable
  | 'INFO' // Information
  | 'ITAV' // InterimAvailable
  | 'ITBD' // InterimBooked
  | 'OPAV' // OpeningAvailable
  | 'OPBD' // OpeningBooked
  | 'PRCD' // PreviouslyClosedBooked
  | 'XPCD'; // Expected

/** OBInternalAccountIdentification4Code (namespaced). */
export type OBAccountSchemeName =
  | 'UK.OBIE.BBAN'
  | 'UK.OBIE.IBAN'
  | 'UK.OBIE.PAN'
  | 'UK.OBIE.Paym'
  | 'UK.OBIE.SortCodeAccountNumber'
  | 'UK.OBIE.Wallet';

/** An account identification (`OBAccount6.Account[]`, `OBCashAccount6_0/_1`). */
export interface OBAccountIdentification {
  SchemeName: OBAccountSchemeName;
  Identification: string;
  Name?: string;
  SecondaryIdentification?: string;
}
