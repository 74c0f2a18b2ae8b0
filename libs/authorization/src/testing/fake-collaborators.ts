import { randomUUID } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import {
  type AccountAccessConsent,
  type AuthenticatePsu,
  type AuthoriseAccountAccessConsent,
  type AuthoriseDomesticPaymentConsent,
  type DomesticPaymentConsent,
  type DomesticPaymentSummary,
  type GetAccountAccessConsent,
  type GetDomesticPaymentConsent,
  type ListPsuAccounts,
  ok,
  type PsuAccountSummary,
  refuse,
  type RejectAccountAccessConsent,
  type RejectDomesticPaymentConsent,
  Requests,
  type RpcReply,
  type PsuIdentity,
} from '@fapi/nats-contract';
import type { Permission } from '@fapi/open-banking';

export const PSU = { username: 'mits', password: 'correct horse', psuId: 'psu-mits', name: 'Mits Ando' };
export const PSU_ACCOUNTS: PsuAccountSummary[] = [
  { accountId: 'acc-current', nickname: 'Everyday <Current>', currency: 'GBP', displayIdentifier: '60-16-13 31926819' },
  { accountId: 'acc-savings', nickname: 'Rainy day', currency: 'GBP', displayIdentifier: '60-16-13 31926820' },
];

/** A payee as a TPP's Initiation names it, and its summary as the bank extracts it. */
export const PAYMENT_SUMMARY: DomesticPaymentSummary = {
  amount: '165.88',
  currency: 'GBP',
  creditorName: 'ACME <Inc>',
  creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
  creditorIdentification: '08080021325698',
  reference: 'FRESCO-101',
};

type Status = 'AWAU' | 'AUTH' | 'RJCT';

/** Moves an AWAU consent of `clientId` to `to`, as consent-service would (NOT_FOUND for another client's). */
function transition<C extends { clientId: string; status: string; statusUpdateDateTime: string }>(
  consent: C | undefined,
  clientId: string,
  to: Status,
  change: Partial<C> = {},
): RpcReply<C> {
  if (!consent || consent.clientId !== clientId) return refuse('NOT_FOUND', 'no such consent');
  if (consent.status !== 'AWAU') return refuse('INVALID_STATUS', `consent is ${consent.status}`);
  Object.assign(consent, { status: to, statusUpdateDateTime: new Date().toISOString(), ...change });
  return ok(consent);
}

/** The consent of `clientId` (any client's when unset), as consent-service's get answers it. */
function visible<C extends { clientId: string }>(consent: C | undefined, clientId?: string): RpcReply<C> {
  return consent && (clientId === undefined || consent.clientId === clientId) ? ok(consent) : refuse('NOT_FOUND', 'no such consent');
}

/** consent-service and the bank as the AS meets them: in-memory consents and one PSU, on the contract's subjects. */
export class FakeCollaboratorsState {
  readonly consents = new Map<string, AccountAccessConsent>();
  readonly paymentConsents = new Map<string, DomesticPaymentConsent>();
  /** Every authorise request for a payment consent, as received. */
  readonly paymentAuthorisations: AuthoriseDomesticPaymentConsent[] = [];

  createConsent(clientId: string, overrides: Partial<AccountAccessConsent> = {}): AccountAccessConsent {
    const now = new Date().toISOString();
    const consent: AccountAccessConsent = {
      consentId: `aac-${randomUUID()}`,
      clientId,
      status: 'AWAU',
      permissions: ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsCredits', 'ReadTransactionsDetail'] as Permission[],
      creationDateTime: now,
      statusUpdateDateTime: now,
      expirationDateTime: new Date(Date.now() + 90 * 24 * 3600_000).toISOString(),
      transactionFromDateTime: '2026-01-01T00:00:00Z',
      transactionToDateTime: '2026-12-31T23:59:59Z',
      accountIds: [],
      ...overrides,
    };
    this.consents.set(consent.consentId, consent);
    return consent;
  }

  /** A payment consent awaiting authorisation; `debtorAccountId` fixes the account it is paid from. */
  createPaymentConsent(clientId: string, options: { debtorAccountId?: string; status?: DomesticPaymentConsent['status'] } = {}): DomesticPaymentConsent {
    const now = new Date().toISOString();
    const consent: DomesticPaymentConsent = {
      consentId: `pdc-${randomUUID()}`,
      clientId,
      status: options.status ?? 'AWAU',
      initiation: { InstructionIdentification: 'ACME412', InstructedAmount: { Amount: PAYMENT_SUMMARY.amount, Currency: PAYMENT_SUMMARY.currency } },
      risk: {},
      summary: { ...PAYMENT_SUMMARY, debtorAccountId: options.debtorAccountId },
      creationDateTime: now,
      statusUpdateDateTime: now,
    };
    this.paymentConsents.set(consent.consentId, consent);
    return consent;
  }

  get(request: GetAccountAccessConsent): RpcReply<AccountAccessConsent> {
    return visible(this.consents.get(request.consentId), request.clientId);
  }

  transition(consentId: string, clientId: string, to: 'AUTH' | 'RJCT', change: Partial<AccountAccessConsent> = {}): RpcReply<AccountAccessConsent> {
    return transition(this.consents.get(consentId), clientId, to, change);
  }

  getPayment(request: GetDomesticPaymentConsent): RpcReply<DomesticPaymentConsent> {
    return visible(this.paymentConsents.get(request.consentId), request.clientId);
  }

  authorisePayment(request: AuthoriseDomesticPaymentConsent): RpcReply<DomesticPaymentConsent> {
    this.paymentAuthorisations.push(request);
    const change = { psuId: request.psuId, debtorAccountId: request.debtorAccountId };
    return transition(this.paymentConsents.get(request.consentId), request.clientId, 'AUTH', change);
  }

  rejectPayment(request: RejectDomesticPaymentConsent): RpcReply<DomesticPaymentConsent> {
    return transition(this.paymentConsents.get(request.consentId), request.clientId, 'RJCT');
  }
}

export function fakeCollaboratorsModule(state: FakeCollaboratorsState) {
  @Controller()
  class FakeCollaborators {
    @MessagePattern(Requests.getAccountAccessConsent)
    get(@Payload() request: GetAccountAccessConsent) {
      return state.get(request);
    }

    @MessagePattern(Requests.authoriseAccountAccessConsent)
    authorise(@Payload() request: AuthoriseAccountAccessConsent) {
      return state.transition(request.consentId, request.clientId, 'AUTH', { psuId: request.psuId, accountIds: request.accountIds });
    }

    @MessagePattern(Requests.rejectAccountAccessConsent)
    reject(@Payload() request: RejectAccountAccessConsent) {
      return state.transition(request.consentId, request.clientId, 'RJCT');
    }

    @MessagePattern(Requests.getDomesticPaymentConsent)
    getPayment(@Payload() request: GetDomesticPaymentConsent) {
      return state.getPayment(request);
    }

    @MessagePattern(Requests.authoriseDomesticPaymentConsent)
    authorisePayment(@Payload() request: AuthoriseDomesticPaymentConsent) {
      return state.authorisePayment(request);
    }

    @MessagePattern(Requests.rejectDomesticPaymentConsent)
    rejectPayment(@Payload() request: RejectDomesticPaymentConsent) {
      return state.rejectPayment(request);
    }

    @MessagePattern(Requests.authenticatePsu)
    authenticate(@Payload() request: AuthenticatePsu): RpcReply<PsuIdentity> {
      return request.username === PSU.username && request.password === PSU.password
        ? ok({ psuId: PSU.psuId, name: PSU.name })
        : refuse('NOT_FOUND', 'unknown credentials');
    }

    @MessagePattern(Requests.listPsuAccounts)
    accounts(@Payload() request: ListPsuAccounts): RpcReply<PsuAccountSummary[]> {
      return request.psuId === PSU.psuId ? ok(PSU_ACCOUNTS) : refuse('NOT_FOUND', 'unknown PSU');
    }
  }

  @Module({ controllers: [FakeCollaborators] })
  class FakeCollaboratorsModule {}

  return FakeCollaboratorsModule;
}

export async function startFakeCollaborators(natsUrl: string, state: FakeCollaboratorsState): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(fakeCollaboratorsModule(state), {
    transport: Transport.NATS,
    options: { servers: [natsUrl] },
    logger: false,
  });
  await app.listen();
  return app;
}
