import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AccountAccessConsent,
  type CreateAccountAccessConsent,
  type GetAccountAccessConsent,
  ok,
  refuse,
  Requests,
  type RevokeAccountAccessConsent,
} from '@fapi/nats-contract';
import { type RunningNatsFake, startNatsFake } from './nats-fake';

/** Consents the fake keeps in memory; tests put authorised ones in directly and read what the bank asked for. */
export class FakeConsentStore {
  readonly consents = new Map<string, AccountAccessConsent>();
  readonly createRequests: CreateAccountAccessConsent[] = [];
  /** Consent ids whose reads fail with an unexpected refusal (to see the bank answer 500). */
  readonly broken = new Set<string>();

  put(consent: Partial<AccountAccessConsent> & Pick<AccountAccessConsent, 'clientId' | 'permissions'>): AccountAccessConsent {
    const at = '2026-01-01T00:00:00+00:00';
    const stored: AccountAccessConsent = {
      consentId: `consent-${randomUUID()}`,
      status: 'AUTH',
      creationDateTime: at,
      statusUpdateDateTime: at,
      accountIds: [],
      ...consent,
    };
    this.consents.set(stored.consentId, stored);
    return stored;
  }
}

const FAKE_CONSENT_STORE = Symbol('FAKE_CONSENT_STORE');

/** Answers consent-service's real subjects the way the contract says, from the in-memory store. */
@Controller()
class FakeConsentController {
  constructor(@Inject(FAKE_CONSENT_STORE) private readonly store: FakeConsentStore) {}

  @MessagePattern(Requests.createAccountAccessConsent)
  create(@Payload() request: CreateAccountAccessConsent) {
    this.store.createRequests.push(request);
    const now = new Date().toISOString();
    return ok(this.store.put({ ...request, status: 'AWAU', creationDateTime: now, statusUpdateDateTime: now }));
  }

  @MessagePattern(Requests.getAccountAccessConsent)
  get(@Payload() { consentId, clientId }: GetAccountAccessConsent) {
    if (this.store.broken.has(consentId)) return refuse('INVALID', 'the fake is told to fail');
    const consent = this.store.consents.get(consentId);
    if (!consent || (clientId !== undefined && consent.clientId !== clientId)) return refuse('NOT_FOUND', `no consent ${consentId}`);
    return ok(consent);
  }

  @MessagePattern(Requests.revokeAccountAccessConsent)
  revoke(@Payload() { consentId, clientId }: RevokeAccountAccessConsent) {
    const consent = this.store.consents.get(consentId);
    if (!consent) return refuse('NOT_FOUND', `no consent ${consentId}`);
    if (clientId !== undefined && consent.clientId !== clientId) return refuse('FORBIDDEN', 'another client');
    if (consent.status !== 'AWAU' && consent.status !== 'AUTH') return refuse('INVALID_STATUS', `consent is ${consent.status}`);
    const revoked = { ...consent, status: 'CANC' as const, statusUpdateDateTime: new Date().toISOString() };
    this.store.consents.set(consentId, revoked);
    return ok(revoked);
  }
}

/** A stand-in for consent-service on a real NATS connection, answering the contract's subjects. */
export async function startFakeConsentService(natsUrl: string): Promise<RunningNatsFake<FakeConsentStore>> {
  return startNatsFake(natsUrl, FakeConsentController, FAKE_CONSENT_STORE, new FakeConsentStore());
}
