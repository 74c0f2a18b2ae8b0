import { randomBytes } from 'node:crypto';
import type { OBDomesticInitiation, OBRisk1, OBWriteDomestic2, OBWriteDomesticConsent4 } from '@fapi/open-banking';

/** A payment the PSU asked for, as the form validated and normalised it. */
export interface PaymentOrder {
  payeeName: string;
  /** Six digits. */
  sortCode: string;
  /** Eight digits. */
  accountNumber: string;
  /** Pounds with two decimals, e.g. "12.50". */
  amount: string;
  reference: string;
}

/** The fintech pays in pounds only: a domestic (Faster Payments) payment. */
export const PAYMENT_CURRENCY = 'GBP';

/** The OB scheme of a UK sort code + account number: the 14 digits side by side. */
export const SORT_CODE_ACCOUNT_NUMBER = 'UK.OBIE.SortCodeAccountNumber';

/** The fintech's own identifiers of one payment instruction. */
export interface InstructionIdentifiers {
  instructionIdentification: string;
  endToEndIdentification: string;
}

/**
 * Fresh, unique instruction identifiers: 24 hex characters, within OB's 35 and the 31 characters Faster Payments
 * carries of the EndToEndIdentification.
 */
export function newInstructionIdentifiers(): InstructionIdentifiers {
  return { instructionIdentification: randomBytes(12).toString('hex'), endToEndIdentification: randomBytes(12).toString('hex') };
}

/**
 * OBWriteDomesticConsent4: the order as an OB domestic payment Initiation, with no DebtorAccount (the PSU picks the
 * account at their bank), and an empty Risk. OB v4.0 carries the payer's reference as the creditor reference of a
 * structured remittance (OBRemittanceInformation2 has no plain `Reference` any more). `ReadRefundAccount: 'Yes'` asks
 * the bank to name the account the PSU paid from on the payment (`Data.Debtor`), which the status page shows.
 */
export function domesticPaymentConsentRequest(order: PaymentOrder, ids: InstructionIdentifiers = newInstructionIdentifiers()): OBWriteDomesticConsent4 {
  return {
    Data: {
      ReadRefundAccount: 'Yes',
      Initiation: {
        InstructionIdentification: ids.instructionIdentification,
        EndToEndIdentification: ids.endToEndIdentification,
        InstructedAmount: { Amount: order.amount, Currency: PAYMENT_CURRENCY },
        CreditorAccount: { SchemeName: SORT_CODE_ACCOUNT_NUMBER, Identification: `${order.sortCode}${order.accountNumber}`, Name: order.payeeName },
        RemittanceInformation: { Structured: [{ CreditorReferenceInformation: { Reference: order.reference } }] },
      },
    },
    Risk: {},
  };
}

/** OBWriteDomestic2: the payment repeats the consent's Initiation and Risk exactly (else the bank refuses it, U008). */
export function domesticPaymentRequest(consentId: string, initiation: OBDomesticInitiation, risk: OBRisk1): OBWriteDomestic2 {
  return { Data: { ConsentId: consentId, Initiation: initiation }, Risk: risk };
}

/** The payer's reference, where domesticPaymentConsentRequest put it. */
export function paymentReference(initiation: OBDomesticInitiation): string | undefined {
  return initiation.RemittanceInformation?.Structured?.[0]?.CreditorReferenceInformation?.Reference;
}
