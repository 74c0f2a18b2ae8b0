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

/**
 * Why a payment was rejected (ISO 20022 ExternalStatusReason1Code, OB `StatusReason` / `StatusDetail.StatusReason`),
 * in the PSU's words. A code outside the table is shown with the bank's own description.
 */
export const PAYMENT_STATUS_REASONS: Readonly<Record<string, string>> = {
  AM04: 'There was not enough money in the account.',
  AM02: 'The amount is more than the account allows.',
  AM05: 'It repeats a payment already made.',
  AC01: 'The account number is not valid.',
  AC04: 'The account is closed.',
  AC06: 'The account is blocked.',
  AG01: 'Payments like this are not allowed from the account.',
  BE05: 'The payer was not recognised.',
  DUPL: 'It repeats a payment already made.',
  FF01: 'The payment order was not valid.',
  MS02: "The payee's bank refused it without giving a reason.",
  MS03: 'Your bank could not make the payment and gave no further reason.',
  RR04: 'It was stopped for regulatory reasons.',
};

/** A rejection's reason in words: the table's, else the bank's description, else the code. */
export function paymentStatusReason(code: string | undefined, bankDescription?: string): string | undefined {
  if (code === undefined) return bankDescription;
  return PAYMENT_STATUS_REASONS[code] ?? bankDescription ?? code;
}
