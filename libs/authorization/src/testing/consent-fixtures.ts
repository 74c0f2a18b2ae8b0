import type { AccountAccessConsent, DomesticPaymentConsent, DomesticPaymentSummary } from '@fapi/nats-contract';
import type { NewConsent } from '@fapi/testing';

/** A payee as a TPP's Initiation names it, and its summary as the bank extracts it. */
export const PAYMENT_SUMMARY: DomesticPaymentSummary = {
  amount: '165.88',
  currency: 'GBP',
  creditorName: 'ACME <Inc>',
  creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
  creditorIdentification: '08080021325698',
  reference: 'FRESCO-101',
};

/** An account-access consent of `clientId` awaiting authorisation, as the bank would have created it. */
export const accountAccessConsentFor = (clientId: string, overrides: Partial<AccountAccessConsent> = {}): NewConsent<AccountAccessConsent, 'accountIds'> => ({
  clientId,
  permissions: ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsCredits', 'ReadTransactionsDetail'],
  expirationDateTime: new Date(Date.now() + 90 * 24 * 3600_000).toISOString(),
  transactionFromDateTime: '2026-01-01T00:00:00Z',
  transactionToDateTime: '2026-12-31T23:59:59Z',
  ...overrides,
});

/** A payment consent of `clientId` to PAYMENT_SUMMARY's payee, awaiting authorisation; `debtorAccountId` fixes the account it is paid from. */
export const paymentConsentFor = (
  clientId: string,
  options: { debtorAccountId?: string; status?: DomesticPaymentConsent['status'] } = {},
): NewConsent<DomesticPaymentConsent> => ({
  clientId,
  status: options.status ?? 'AWAU',
  initiation: { InstructionIdentification: 'ACME412', InstructedAmount: { Amount: PAYMENT_SUMMARY.amount, Currency: PAYMENT_SUMMARY.currency } },
  risk: {},
  summary: { ...PAYMENT_SUMMARY, debtorAccountId: options.debtorAccountId },
});
