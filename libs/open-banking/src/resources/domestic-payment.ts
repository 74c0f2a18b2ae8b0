import type { OBStatusReason } from './account-access-consent';
import type { Links, Meta, OBAccountSchemeName, OBAmount } from './envelope';

/** OBInternalConsentStatus1Code as v4.0 spells it for domestic payment consents (AWAU -> AUTH -> COND, or RJCT). */
export const DOMESTIC_PAYMENT_CONSENT_STATUSES = ['AWAU', 'AUTH', 'RJCT', 'COND'] as const;
export type DomesticPaymentConsentStatusCode = (typeof DOMESTIC_PAYMENT_CONSENT_STATUSES)[number];

/** OBInternalReadRefundAccount1Code: whether the TPP asks the bank to share the account the PSU pays from. */
export const READ_REFUND_ACCOUNT_CODES = ['Yes', 'No'] as const;
export type ReadRefundAccount = (typeof READ_REFUND_ACCOUNT_CODES)[number];

/** ExternalPaymentTransactionStatus1Code: `OBWriteDomesticResponse5.Data.Status` (a new payment is RCVD or RJCT). */
export const PAYMENT_STATUSES = ['RCVD', 'PDNG', 'ACTC', 'PATC', 'ACCP', 'ACFC', 'ACSP', 'ACWC', 'ACSC', 'ACWP', 'ACCC', 'BLCK', 'RJCT'] as const;
export type PaymentStatusCode = (typeof PAYMENT_STATUSES)[number];

/** `OBWritePaymentDetails1.Status`: the payment's statuses without RCVD (the v4.0 OpenAPI enum has 12 values). */
export type PaymentDetailsStatusCode = Exclude<PaymentStatusCode, 'RCVD'>;

/** An account of a payment's Initiation (DebtorAccount, CreditorAccount). */
export interface OBPaymentAccount {
  SchemeName: OBAccountSchemeName;
  Identification: string;
  Name?: string;
  SecondaryIdentification?: string;
  Proxy?: { Identification: string; Code: string; Type?: string };
}

/** `OBRemittanceInformation2`. */
export interface OBRemittanceInformation2 {
  Structured?: Array<{ CreditorReferenceInformation?: { Code?: string; Issuer?: string; Reference?: string }; [member: string]: unknown }>;
  Unstructured?: string[];
}

/** The Initiation of a domestic payment (consent and payment order alike); other members as the spec allows. */
export interface OBDomesticInitiation {
  InstructionIdentification: string;
  EndToEndIdentification: string;
  LocalInstrument?: string;
  InstructedAmount: OBAmount;
  DebtorAccount?: OBPaymentAccount;
  CreditorAccount: OBPaymentAccount & { Name: string };
  CreditorAgent?: Record<string, unknown>;
  CreditorPostalAddress?: Record<string, unknown>;
  UltimateCreditor?: Record<string, unknown>;
  UltimateDebtor?: Record<string, unknown>;
  RegulatoryReporting?: Record<string, unknown>[];
  RemittanceInformation?: OBRemittanceInformation2;
  SupplementaryData?: Record<string, unknown>;
}

/** `OBRisk1`: the payment context the TPP declares (every member optional; may be `{}`). */
export interface OBRisk1 {
  PaymentContextCode?: string;
  MerchantCategoryCode?: string;
  MerchantCustomerIdentification?: string;
  ContractPresentIndicator?: boolean;
  BeneficiaryPrepopulatedIndicator?: boolean;
  PaymentPurposeCode?: string;
  CategoryPurposeCode?: string;
  BeneficiaryAccountType?: string;
  DeliveryAddress?: Record<string, unknown>;
}

/** `OBWriteDomesticConsent4`: the body of POST domestic-payment-consents. */
export interface OBWriteDomesticConsent4 {
  Data: {
    ReadRefundAccount?: ReadRefundAccount;
    Initiation: OBDomesticInitiation;
    Authorisation?: { AuthorisationType: 'Any' | 'Single'; CompletionDateTime?: string };
    SCASupportData?: Record<string, unknown>;
  };
  Risk: OBRisk1;
}

/** `OBWriteDomesticConsentResponse5`: a domestic payment consent as the ASPSP shows it. */
export interface OBWriteDomesticConsentResponse5 {
  Data: {
    ConsentId: string;
    CreationDateTime: string;
    Status: DomesticPaymentConsentStatusCode;
    StatusReason?: OBStatusReason[];
    StatusUpdateDateTime: string;
    ReadRefundAccount?: ReadRefundAccount;
    CutOffDateTime?: string;
    ExpectedExecutionDateTime?: string;
    ExpectedSettlementDateTime?: string;
    Initiation: OBDomesticInitiation;
    Authorisation?: { AuthorisationType: 'Any' | 'Single'; CompletionDateTime?: string };
    SCASupportData?: Record<string, unknown>;
  };
  Risk: OBRisk1;
  Links?: Links;
  Meta?: Meta;
}

/** `OBWriteFundsConfirmationResponse1`: GET domestic-payment-consents/{ConsentId}/funds-confirmation. */
export interface OBWriteFundsConfirmationResponse1 {
  Data: { FundsAvailableResult?: { FundsAvailableDateTime: string; FundsAvailable: boolean } };
  Links?: Links;
  Meta?: Meta;
}

/** `OBWriteDomestic2`: the body of POST domestic-payments. */
export interface OBWriteDomestic2 {
  Data: { ConsentId: string; Initiation: OBDomesticInitiation };
  Risk: OBRisk1;
}

/** `OBWriteDomesticResponse5`: a domestic payment order as the ASPSP shows it (no Risk). */
export interface OBWriteDomesticResponse5 {
  Data: {
    DomesticPaymentId: string;
    ConsentId: string;
    CreationDateTime: string;
    Status: PaymentStatusCode;
    StatusUpdateDateTime: string;
    StatusReason?: OBStatusReason[];
    ExpectedExecutionDateTime?: string;
    ExpectedSettlementDateTime?: string;
    Initiation: OBDomesticInitiation;
    /** The account the payment was made from; only included when the consent had `ReadRefundAccount: 'Yes'`. */
    Debtor?: OBCashAccountDebtor4;
  };
  Links?: Links;
  Meta?: Meta;
}

/** `OBCashAccountDebtor4`: the debtor account as the ASPSP names it on a payment. */
export interface OBCashAccountDebtor4 {
  SchemeName?: OBAccountSchemeName;
  Identification?: string;
  Name?: string;
  SecondaryIdentification?: string;
}

/** `OBWritePaymentDetails1`: one step of a payment's status history. */
export interface OBWritePaymentDetails1 {
  PaymentTransactionId: string;
  Status: PaymentDetailsStatusCode;
  StatusUpdateDateTime: string;
  StatusDetail?: { LocalInstrument?: string; Status: PaymentDetailsStatusCode; StatusReason?: string; StatusReasonDescription?: string };
}

/** `OBWritePaymentDetailsResponse1`: GET domestic-payments/{DomesticPaymentId}/payment-details. */
export interface OBWritePaymentDetailsResponse1 {
  Data: { PaymentStatus?: OBWritePaymentDetails1[] };
  Links?: Links;
  Meta?: Meta;
}
