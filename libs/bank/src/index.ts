/** The mock ASPSP: customers, accounts, ledger and the UK OB v4.0 AISP and PISP resource server. */
export { BankApiModule } from './bank-api.module';
export { bankApiService } from './bank-api.sandbox-service';
export { bankConfig, DEFAULT_BANK_ORG_ID, type BankConfig } from './bank-config';
export {
  LEDGER_START,
  SANDBOX_ACCOUNTS,
  SANDBOX_CUSTOMERS,
  SANDBOX_SORT_CODE,
  SANDBOX_TRANSACTIONS,
  sandboxTransactionsOf,
  type SandboxAccount,
  type SandboxCustomer,
  type SandboxTransaction,
} from './ledger/sandbox-ledger';
export { BankStore } from './ledger/bank-store';
export { EXTERNAL_CLEARING_ACCOUNT } from './ledger/external-clearing-account';
export { seedSandboxBank } from './ledger/seed';
export { DomesticPayments } from './payments/domestic-payments';
export {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyReused,
  IdempotencyStore,
  IdempotentRequestStillRunning,
  type RememberedResponse,
} from './payments/idempotency-store';
export type { AcceptDomesticPayment, DomesticPaymentRecord, PaymentStatusEntry } from './payments/domestic-payment-record';
export type { PaymentParty } from './payments/payee';
export { ConsentAlreadyUsed, PaymentNotAcceptable, type UnacceptablePart } from './payments/payment-errors';
export { type PaymentStatus, mayMovePayment, settlementStatuses } from './payments/payment-status';
export { settlementNames, type SettlementNames } from './payments/settlement-queue';
export { paymentIdOf, tppSigningIssuer } from './pisp';
export { DEFAULT_AUTHORISED_CONSENT_CACHE } from './aisp/consents/authorised-consent-cache';
