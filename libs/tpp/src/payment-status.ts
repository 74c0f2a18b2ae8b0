import type { PaymentStatusCode } from '@fapi/open-banking';

/** What each OB v4.0 payment status (ExternalPaymentTransactionStatus1Code) means, in the PSU's words. */
export const PAYMENT_STATUS_LABELS: Record<PaymentStatusCode, string> = {
  RCVD: 'Received by your bank',
  PDNG: 'Pending',
  ACTC: 'Accepted by your bank',
  PATC: 'Waiting for further authorisation',
  ACCP: 'Accepted by your bank',
  ACFC: 'Accepted, funds checked',
  ACSP: 'Being paid',
  ACWC: 'Accepted with changes',
  ACSC: 'Paid from your account',
  ACWP: 'Accepted, not yet posted',
  ACCC: 'Paid to the payee',
  BLCK: 'Blocked',
  RJCT: 'Rejected',
};

/**
 * Statuses after which the sandbox's settlement moves a payment no further for the PSU: paid out of their account
 * (ACSC; an internal payee's credit, ACCC, may still follow), credited to the payee (ACCC), blocked or rejected.
 */
const SETTLED_OR_FAILED: ReadonlySet<string> = new Set<PaymentStatusCode>(['ACSC', 'ACCC', 'BLCK', 'RJCT']);

/** Settlement is asynchronous: the status page keeps reloading while the payment can still move. */
export function paymentStillMoving(status: string): boolean {
  return !SETTLED_OR_FAILED.has(status);
}

/** A status the bank should not send (outside the v4.0 code set) is shown as it came. */
export function paymentStatusLabel(status: string): string {
  return PAYMENT_STATUS_LABELS[status as PaymentStatusCode] ?? status;
}
