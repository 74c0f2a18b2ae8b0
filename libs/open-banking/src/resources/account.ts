import type { Links, Meta, OBAccountIdentification } from './envelope';

/** OBExternalAccountSubType1Code values the sandbox uses (the spec has more). */
export type OBAccountTypeCode = 'CACC' | 'SVGS' | 'CARD' | 'LOAN' | 'MORT';

/** `components.schemas.OBAccount6`: Basic fields always; `Account` (identification) only with ReadAccountsDetail. */
export interface OBAccount6 {
  AccountId: string;
  Status?: 'Deleted' | 'Disabled' | 'Enabled' | 'Pending' | 'ProForma';
  StatusUpdateDateTime?: string;
  Currency?: string;
  AccountCategory?: 'Business' | 'Personal';
  AccountTypeCode?: OBAccountTypeCode;
  Description?: string;
  Nickname?: string;
  OpeningDate?: string;
  MaturityDate?: string;
  Account?: OBAccountIdentification[];
}

/** `components.schemas.OBReadAccount6`: GET accounts and accounts/{AccountId}. */
export interface OBReadAccount6 {
  Data: { Account?: OBAccount6[] };
  Links?: Links;
  Meta?: Meta;
}
