import type { DomesticPaymentConsent } from '@fapi/nats-contract';

/** OB: when the TPP fixed the DebtorAccount in the Initiation, the PSU can authorise the payment from that account only. */
export function respectsFixedDebtorAccount(consent: Pick<DomesticPaymentConsent, 'summary'>, debtorAccountId: string): boolean {
  const fixed = consent.summary.debtorAccountId;
  return fixed === undefined || fixed === debtorAccountId;
}
