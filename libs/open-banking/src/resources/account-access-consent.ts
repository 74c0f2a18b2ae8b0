import type { AccountAccessConsentStatus } from '../consent-status';
import type { Permission } from '../permissions';
import type { Links, Meta } from './envelope';

/** `OBRisk2`: an empty object in v4.0 AISP (no properties allowed). */
export type OBRisk2 = Record<string, never>;

/** `components.schemas.OBReadConsent1`: the body of POST account-access-consents. */
export interface OBReadConsent1 {
  Data: {
    Permissions: Permission[];
    ExpirationDateTime?: string;
    TransactionFromDateTime?: string;
    TransactionToDateTime?: string;
  };
  Risk: OBRisk2;
}

/** `components.schemas.OBStatusReason`. */
export interface OBStatusReason {
  StatusReasonCode?: string;
  StatusReasonDescription?: string;
  Path?: string;
}

/** `components.schemas.OBReadConsentResponse1`: an account-access consent as the ASPSP shows it. */
export interface OBReadConsentResponse1 {
  Data: {
    ConsentId: string;
    CreationDateTime: string;
    Status: AccountAccessConsentStatus;
    StatusReason?: OBStatusReason[];
    StatusUpdateDateTime: string;
    Permissions: Permission[];
    ExpirationDateTime?: string;
    TransactionFromDateTime?: string;
    TransactionToDateTime?: string;
  };
  Risk: OBRisk2;
  Links?: Links;
  Meta?: Meta;
}
