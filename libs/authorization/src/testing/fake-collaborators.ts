import { randomUUID } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import {
  type AccountAccessConsent,
  type AuthenticatePsu,
  type AuthoriseAccountAccessConsent,
  type GetAccountAccessConsent,
  type ListPsuAccounts,
  ok,
  type PsuAccountSummary,
  refuse,
  type RejectAccountAccessConsent,
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

/** consent-service and the bank as the AS meets them: in-memory consents and one PSU, on the contract's subjects. */
export class FakeCollaboratorsState {
  readonly consents = new Map<string, AccountAccessConsent>();

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

  private ofClient(consentId: string, clientId?: string): AccountAccessConsent | undefined {
    const consent = this.consents.get(consentId);
    return consent && (clientId === undefined || consent.clientId === clientId) ? consent : undefined;
  }

  get(request: GetAccountAccessConsent): RpcReply<AccountAccessConsent> {
    const consent = this.ofClient(request.consentId, request.clientId);
    return consent ? ok(consent) : refuse('NOT_FOUND', 'no such consent');
  }

  transition(consentId: string, clientId: string, to: 'AUTH' | 'RJCT', change: Partial<AccountAccessConsent> = {}): RpcReply<AccountAccessConsent> {
    const consent = this.ofClient(consentId, clientId);
    if (!consent) return refuse('NOT_FOUND', 'no such consent');
    if (consent.status !== 'AWAU') return refuse('INVALID_STATUS', `consent is ${consent.status}`);
    Object.assign(consent, { status: to, statusUpdateDateTime: new Date().toISOString(), ...change });
    return ok(consent);
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
