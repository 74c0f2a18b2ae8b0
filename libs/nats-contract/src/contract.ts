import type {
  AccountAccessConsent,
  AccountAccessConsentStatusChanged,
  AuthoriseAccountAccessConsent,
  CreateAccountAccessConsent,
  GetAccountAccessConsent,
  RejectAccountAccessConsent,
  RevokeAccountAccessConsent,
} from './account-access-consents';
import type { AuthenticatePsu, ListPsuAccounts, ListTestCustomers, PsuAccountSummary, PsuIdentity, TestCustomer } from './bank-customers';
import type {
  AuthoriseDomesticPaymentConsent,
  ConsumeDomesticPaymentConsent,
  CreateDomesticPaymentConsent,
  DomesticPaymentConsent,
  DomesticPaymentConsentStatusChanged,
  GetDomesticPaymentConsent,
  RejectDomesticPaymentConsent,
} from './domestic-payment-consents';
import type { ConsoleRecordsRecorded } from './console-records';
import type { DurableStreamDeclaration } from './durable-streams';
import { type GrantRevocationRecorded, type GrantRevoked, LONGEST_ACCESS_TOKEN_LIFETIME_MS } from './grants';
import type { PaymentSettlementRequest } from './payment-settlement';
import type { ClientKeys, ClientRegistrationChanged, GetClientKeys } from './registered-clients';
import type { RpcReply } from './rpc';

/** Request/reply subjects, served by exactly one service (named in the comment). */
export const Requests = {
  // consent-service
  createAccountAccessConsent: 'consent.account-access.create',
  getAccountAccessConsent: 'consent.account-access.get',
  authoriseAccountAccessConsent: 'consent.account-access.authorise',
  rejectAccountAccessConsent: 'consent.account-access.reject',
  revokeAccountAccessConsent: 'consent.account-access.revoke',
  createDomesticPaymentConsent: 'consent.domestic-payment.create',
  getDomesticPaymentConsent: 'consent.domestic-payment.get',
  authoriseDomesticPaymentConsent: 'consent.domestic-payment.authorise',
  rejectDomesticPaymentConsent: 'consent.domestic-payment.reject',
  consumeDomesticPaymentConsent: 'consent.domestic-payment.consume',
  // bank-api
  authenticatePsu: 'bank.psu.authenticate',
  listPsuAccounts: 'bank.psu.accounts',
  listTestCustomers: 'bank.psu.test-customers',
  revokeGrant: 'bank.grant.revoke',
  // authorization-server
  getClientKeys: 'authorization.client.keys',
} as const;

/** Event subjects: fire-and-forget notifications, emitted by one service, heard by any. */
export const Events = {
  accountAccessConsentStatusChanged: 'consent.account-access.status-changed',
  domesticPaymentConsentStatusChanged: 'consent.domestic-payment.status-changed',
  // bank-api emits the records of its requests of known clients, a batch at a time (the records waiting: one event per
  // request when idle, fewer under load); the authorization server (which serves the developer console) stores them.
  // Lost when no AS listens: the console is a debugging aid, never a ledger.
  consoleRequestsRecorded: 'console.requests.recorded',
  // authorization-server emits, every authorization-server instance hears (each subscribes without a queue group)
  clientRegistrationChanged: 'authorization.client.registration-changed',
} as const;

/**
 * JetStream streams: messages kept on file until their durable consumer has handled them, so a consumer that is down
 * or restarting when one is published still gets it (publisher and consumer named in the comment). Created where
 * missing by ensureDurableStream.
 */
export const Streams = {
  // bank-api publishes and consumes. Every bank instance's settlement worker shares the one consumer; a settlement
  // request is removed once a worker acknowledged it.
  paymentSettlement: {
    stream: 'BANK_PAYMENTS',
    subject: 'bank.payments.settle',
    consumer: 'bank-payments-settlement',
    retention: 'workqueue',
    ackWaitMs: 30_000,
  },
  // authorization-server publishes, bank-api consumes. Every bank instance shares the one consumer: the bank keeps
  // revoked grants in its database, which every instance reads, so one instance recording a revocation is enough.
  // A revocation is kept as long as a token it revokes can live (acknowledged or not, for a consumer created later).
  grantRevocations: {
    stream: 'GRANT_REVOCATIONS',
    subject: 'authorization.grant.revoked',
    consumer: 'bank-grant-revocations',
    retention: 'limits',
    maxAgeMs: LONGEST_ACCESS_TOKEN_LIFETIME_MS,
    ackWaitMs: 30_000,
  },
} as const satisfies Record<string, DurableStreamDeclaration>;

export interface RequestTypes {
  [Requests.createAccountAccessConsent]: [CreateAccountAccessConsent, RpcReply<AccountAccessConsent>];
  [Requests.getAccountAccessConsent]: [GetAccountAccessConsent, RpcReply<AccountAccessConsent>];
  [Requests.authoriseAccountAccessConsent]: [AuthoriseAccountAccessConsent, RpcReply<AccountAccessConsent>];
  [Requests.rejectAccountAccessConsent]: [RejectAccountAccessConsent, RpcReply<AccountAccessConsent>];
  [Requests.revokeAccountAccessConsent]: [RevokeAccountAccessConsent, RpcReply<AccountAccessConsent>];
  [Requests.authenticatePsu]: [AuthenticatePsu, RpcReply<PsuIdentity>];
  [Requests.listPsuAccounts]: [ListPsuAccounts, RpcReply<PsuAccountSummary[]>];
  [Requests.listTestCustomers]: [ListTestCustomers, RpcReply<TestCustomer[]>];
  [Requests.revokeGrant]: [GrantRevoked, RpcReply<GrantRevocationRecorded>];
  [Requests.createDomesticPaymentConsent]: [CreateDomesticPaymentConsent, RpcReply<DomesticPaymentConsent>];
  [Requests.getDomesticPaymentConsent]: [GetDomesticPaymentConsent, RpcReply<DomesticPaymentConsent>];
  [Requests.authoriseDomesticPaymentConsent]: [AuthoriseDomesticPaymentConsent, RpcReply<DomesticPaymentConsent>];
  [Requests.rejectDomesticPaymentConsent]: [RejectDomesticPaymentConsent, RpcReply<DomesticPaymentConsent>];
  [Requests.consumeDomesticPaymentConsent]: [ConsumeDomesticPaymentConsent, RpcReply<DomesticPaymentConsent>];
  [Requests.getClientKeys]: [GetClientKeys, RpcReply<ClientKeys>];
}

export interface EventTypes {
  [Events.accountAccessConsentStatusChanged]: AccountAccessConsentStatusChanged;
  [Events.domesticPaymentConsentStatusChanged]: DomesticPaymentConsentStatusChanged;
  [Events.consoleRequestsRecorded]: ConsoleRecordsRecorded;
  [Events.clientRegistrationChanged]: ClientRegistrationChanged;
}

export interface StreamTypes {
  [Streams.paymentSettlement.subject]: PaymentSettlementRequest;
  [Streams.grantRevocations.subject]: GrantRevoked;
}

export type RequestSubject = keyof RequestTypes;
export type RequestOf<S extends RequestSubject> = RequestTypes[S][0];
export type ReplyOf<S extends RequestSubject> = RequestTypes[S][1];
export type EventSubject = keyof EventTypes;
export type EventOf<S extends EventSubject> = EventTypes[S];
export type StreamSubject = keyof StreamTypes;
export type StreamMessageOf<S extends StreamSubject> = StreamTypes[S];
