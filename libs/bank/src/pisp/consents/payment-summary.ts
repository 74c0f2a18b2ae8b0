import type { DomesticPaymentSummary } from '@fapi/nats-contract';
import type { OBDomesticInitiation, OBWriteDomesticConsent4 } from '@fapi/open-banking';

/** The length of a posting's reference in the bank's books (and of OB's structured creditor reference). */
export const MAX_REFERENCE_LENGTH = 35;

/**
 * The payment's reference as the bank books it and the PSU sees it: the structured creditor reference, else the first
 * unstructured remittance line, cut to MAX_REFERENCE_LENGTH characters; none when the Initiation has neither.
 */
export function paymentReference({ RemittanceInformation: remittance }: OBDomesticInitiation): string | undefined {
  const reference =
    remittance?.Structured?.map((structured) => structured.CreditorReferenceInformation?.Reference).find(Boolean) ?? remittance?.Unstructured?.[0];
  return reference?.slice(0, MAX_REFERENCE_LENGTH);
}

/**
 * What consent-service keeps for the consent page and the bank's checks, taken from the validated consent request:
 * its Initiation, and its ReadRefundAccount (whether the payment is to name the account the PSU pays from).
 */
export function paymentSummary(
  { Initiation: initiation, ReadRefundAccount }: OBWriteDomesticConsent4['Data'],
  debtorAccountId: string | undefined,
): DomesticPaymentSummary {
  const { InstructedAmount: amount, CreditorAccount: creditor } = initiation;
  const reference = paymentReference(initiation);
  return {
    amount: amount.Amount,
    currency: amount.Currency,
    creditorName: creditor.Name,
    creditorScheme: creditor.SchemeName,
    creditorIdentification: creditor.Identification,
    ...(reference && { reference }),
    ...(debtorAccountId && { debtorAccountId }),
    ...(ReadRefundAccount && { readRefundAccount: ReadRefundAccount }),
  };
}
