import type { PaymentStatus } from '../../generated/prisma';

export type { PaymentStatus };

/** OB v4: a payment order starts RCVD (Received) when the API accepts it. */
export const INITIAL_PAYMENT_STATUS: PaymentStatus = 'RCVD';

/**
 * ExternalPaymentTransactionStatus1Code as this bank moves through it: a received payment is either rejected or
 * settled (ACSP in process, ACSC debtor debited, then ACCC when the payee's account here is credited). RJCT and
 * ACCC are final; nothing skips a step or goes back.
 */
const NEXT_STATUSES: Record<PaymentStatus, readonly PaymentStatus[]> = {
  RCVD: ['ACSP', 'RJCT'],
  ACSP: ['ACSC'],
  ACSC: ['ACCC'],
  ACCC: [],
  RJCT: [],
};

export function mayMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** Where the payee's money goes: their account at this bank, or the external clearing account (another bank). */
export type PayeeRoute = 'internal' | 'external';

/**
 * The statuses a received payment passes through when its funds suffice: settlement completes on the debtor's
 * side (ACSC); for a payee at this bank the credit completes too (ACCC). A payee elsewhere is paid by the clearing
 * system, whose completion this sandbox does not see, so it stays ACSC.
 */
export function settlementStatuses(route: PayeeRoute): readonly PaymentStatus[] {
  return route === 'internal' ? ['ACSP', 'ACSC', 'ACCC'] : ['ACSP', 'ACSC'];
}

/** Why a payment is rejected: an ISO ExternalStatusReason1Code and words. */
export interface Rejection {
  code: string;
  reason: string;
}

/** ISO ExternalStatusReason1Code AM04: the debtor account's funds do not cover the amount. */
export const INSUFFICIENT_FUNDS: Rejection = { code: 'AM04', reason: 'insufficient funds in the debtor account' };

/**
 * ISO ExternalStatusReason1Code MS03 (NotSpecifiedReasonAgentGenerated): the bank's own ledger refused the postings
 * (a database constraint), so the payment can never settle; the details stay in the bank's log.
 */
export const LEDGER_REFUSED: Rejection = { code: 'MS03', reason: 'the bank could not post the payment' };

/** The words the status history records for each step of a payment that is not rejected. */
export const STATUS_CHANGE_REASONS: Record<Exclude<PaymentStatus, 'RJCT'>, string> = {
  RCVD: 'received for settlement',
  ACSP: 'funds checked, settlement in process',
  ACSC: 'debtor account debited',
  ACCC: "payee's account credited",
};
