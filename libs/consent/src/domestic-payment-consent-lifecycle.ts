import type { DomesticPaymentConsent, DomesticPaymentConsentStatus } from '@fapi/nats-contract';
import type { ConsentTransition } from './consent-lifecycle';

/** OB: a new domestic payment consent is AwaitingAuthorisation (AWAU) right after POST /domestic-payment-consents. */
export const INITIAL_PAYMENT_CONSENT_STATUS: DomesticPaymentConsentStatus = 'AWAU';

/**
 * Every status change a domestic payment consent can make after it is created. OB PISP profile: a payment consent
 * cannot be revoked after authorisation (PSD2 art. 80) nor re-authorised, so there is no revoke and nothing leads back.
 */
export const PaymentConsentTransitions = {
  /** OB: the PSU approves during the authorization-code flow, paying from the fixed debtor account or one they choose. */
  authorise: { name: 'authorise', from: ['AWAU'], to: 'AUTH' },
  /** OB: the PSU refuses while the consent awaits authorisation. */
  reject: { name: 'reject', from: ['AWAU'], to: 'RJCT' },
  /** OB: a domestic-payment was made from the authorised consent; COND is terminal, so a consent pays at most once. */
  consume: { name: 'consume', from: ['AUTH'], to: 'COND' },
} as const satisfies Record<string, ConsentTransition<DomesticPaymentConsentStatus>>;

/** OB: when the TPP fixed the DebtorAccount in the Initiation, the PSU can authorise the payment from that account only. */
export function respectsFixedDebtorAccount(consent: Pick<DomesticPaymentConsent, 'summary'>, debtorAccountId: string): boolean {
  const fixed = consent.summary.debtorAccountId;
  return fixed === undefined || fixed === debtorAccountId;
}

/** Consuming again with the payment that consumed the consent is a retry (the bank after a crash), not a second payment. */
export function wasConsumedBy(consent: Pick<DomesticPaymentConsent, 'status' | 'paymentId'>, paymentId: string): boolean {
  return consent.status === 'COND' && consent.paymentId === paymentId;
}
