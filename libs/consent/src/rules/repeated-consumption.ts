import type { DomesticPaymentConsent } from '@fapi/nats-contract';

/**
 * OB: a payment consent pays once (COND is terminal); consuming it again with the payment that consumed it is a retry
 * (the bank after a crash), not a second payment.
 */
export function wasConsumedBy(consent: Pick<DomesticPaymentConsent, 'status' | 'paymentId'>, paymentId: string): boolean {
  return consent.status === 'COND' && consent.paymentId === paymentId;
}
