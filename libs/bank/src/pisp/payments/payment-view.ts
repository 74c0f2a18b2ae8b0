import type {
  OBCashAccountDebtor4,
  OBDomesticInitiation,
  OBWriteDomesticResponse5,
  OBWriteFundsConfirmationResponse1,
  OBWritePaymentDetails1,
  OBWritePaymentDetailsResponse1,
  PaymentDetailsStatusCode,
} from '@fapi/open-banking';
import type { DomesticPaymentRecord } from '../../payments/domestic-payment-record';

/** OBStatusReason / StatusReasonDescription caps. */
const MAX_REASON_DESCRIPTION = 256;

/** OBCashAccountDebtor4: the account the payment is made from, as the bank's books name it. */
const obDebtor = ({ scheme, identification, name }: DomesticPaymentRecord['debtor']): OBCashAccountDebtor4 => ({
  SchemeName: scheme,
  Identification: identification,
  ...(name && { Name: name }),
});

/**
 * A domestic payment as OBWriteDomesticResponse5: its Initiation as the TPP sent it, the reason of a rejection, and
 * — OB v4.0: "only included in the response if Data.ReadRefundAccount is set to Yes in the consent" — its Debtor.
 */
export function obPaymentResponse(payment: DomesticPaymentRecord, self: string): OBWriteDomesticResponse5 {
  return {
    Data: {
      DomesticPaymentId: payment.paymentId,
      ConsentId: payment.consentId,
      CreationDateTime: payment.creationDateTime,
      Status: payment.status,
      StatusUpdateDateTime: payment.statusUpdateDateTime,
      ...(payment.statusReason && {
        StatusReason: [{ StatusReasonCode: payment.statusReason.code, StatusReasonDescription: payment.statusReason.description }],
      }),
      Initiation: payment.initiation as unknown as OBDomesticInitiation,
      ...(payment.readRefundAccount && { Debtor: obDebtor(payment.debtor) }),
    },
    Links: { Self: self },
    Meta: {},
  };
}

const isDetailsStatus = (status: string): status is PaymentDetailsStatusCode => status !== 'RCVD';

/**
 * payment-details: the payment's status history, oldest first. RCVD is left out: the v4.0 OpenAPI's
 * OBWritePaymentDetails1.Status has no RCVD (a received payment has no details yet, so PaymentStatus may be empty).
 */
export function obPaymentDetailsResponse(payment: DomesticPaymentRecord, self: string): OBWritePaymentDetailsResponse1 {
  const localInstrument = (payment.initiation as { LocalInstrument?: string }).LocalInstrument;
  const PaymentStatus: OBWritePaymentDetails1[] = payment.statusHistory.flatMap(({ status, at, reasonCode, reason }) =>
    isDetailsStatus(status)
      ? [
          {
            PaymentTransactionId: payment.paymentId,
            Status: status,
            StatusUpdateDateTime: at,
            StatusDetail: {
              ...(localInstrument && { LocalInstrument: localInstrument }),
              Status: status,
              ...(reasonCode && { StatusReason: reasonCode }),
              ...(reason && { StatusReasonDescription: reason.slice(0, MAX_REASON_DESCRIPTION) }),
            },
          },
        ]
      : [],
  );
  return { Data: { PaymentStatus }, Links: { Self: self }, Meta: {} };
}

/** funds-confirmation as OBWriteFundsConfirmationResponse1: whether the debtor account could pay now. */
export function obFundsConfirmationResponse(fundsAvailable: boolean, at: Date, self: string): OBWriteFundsConfirmationResponse1 {
  return { Data: { FundsAvailableResult: { FundsAvailableDateTime: at.toISOString(), FundsAvailable: fundsAvailable } }, Links: { Self: self }, Meta: {} };
}
