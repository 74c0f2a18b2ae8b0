import type { ReadRefundAccount } from '@fapi/open-banking';
import type { ConsentBase, ConsentStatusChanged } from './consent-base';

/** OB JSON kept verbatim (an Initiation or Risk object exactly as the TPP sent it). */
export type ObJson = { [key: string]: unknown };

/** OBInternalConsentStatus1Code as v4.0 spells it for domestic payment consents. */
export type DomesticPaymentConsentStatus = 'AWAU' | 'AUTH' | 'RJCT' | 'COND';

/** What the consent page shows and the bank checks, extracted by the bank from the validated Initiation. */
export interface DomesticPaymentSummary {
  /** Decimal string as in OB ("12.50"). */
  amount: string;
  currency: string;
  creditorName?: string;
  /** e.g. UK.OBIE.SortCodeAccountNumber */
  creditorScheme: string;
  creditorIdentification: string;
  reference?: string;
  /** The bank's account id of the DebtorAccount when the TPP fixed it; unset when the PSU chooses. */
  debtorAccountId?: string;
  /** The consent's Data.ReadRefundAccount as the TPP sent it (unset when it sent none): Yes names the debtor account on the payment. */
  readRefundAccount?: ReadRefundAccount;
}

/** A domestic payment consent as consent-service owns it (psuId set on authorisation: who approved). */
export interface DomesticPaymentConsent extends ConsentBase<DomesticPaymentConsentStatus> {
  /** Kept verbatim: a payment's Initiation and Risk must equal these (OB U008). */
  initiation: ObJson;
  risk: ObJson;
  summary: DomesticPaymentSummary;
  /** Set on authorisation: the account the payment will be made from. */
  debtorAccountId?: string;
  /** Set when consumed (COND): the one payment made from it. */
  paymentId?: string;
}

export interface CreateDomesticPaymentConsent {
  clientId: string;
  initiation: ObJson;
  risk: ObJson;
  summary: DomesticPaymentSummary;
}

export interface GetDomesticPaymentConsent {
  consentId: string;
  /** With clientId set, a consent of another client is reported as NOT_FOUND. */
  clientId?: string;
}

/** The PSU approved: AWAU -> AUTH, with the debtor account (the fixed one, or the PSU's choice). */
export interface AuthoriseDomesticPaymentConsent {
  consentId: string;
  clientId: string;
  psuId: string;
  debtorAccountId: string;
}

/** The PSU denied: AWAU -> RJCT. */
export interface RejectDomesticPaymentConsent {
  consentId: string;
  clientId: string;
}

/**
 * A payment was made from the consent: AUTH -> COND, recording the payment id. Repeating it with the same paymentId
 * answers the consumed consent again (so the bank can retry after a crash); another paymentId is INVALID_STATUS.
 */
export interface ConsumeDomesticPaymentConsent {
  consentId: string;
  clientId: string;
  paymentId: string;
}

export type DomesticPaymentConsentStatusChanged = ConsentStatusChanged<DomesticPaymentConsentStatus>;
