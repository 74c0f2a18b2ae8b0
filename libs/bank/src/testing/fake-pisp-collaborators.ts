import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { JWK } from 'jose';
import {
  CONSENT_ID_PREFIXES,
  type ConsumeDomesticPaymentConsent,
  type CreateDomesticPaymentConsent,
  type DomesticPaymentConsent,
  type GetClientKeys,
  type GetDomesticPaymentConsent,
  ok,
  refuse,
  Requests,
} from '@fapi/nats-contract';
import { type RunningNatsFake, startNatsFake } from './nats-fake';

/**
 * What consent-service (domestic payment consents) and the authorization server (registered client keys) hold, in
 * memory: tests authorise consents as the consent page would, and register the TPPs' public signing keys.
 */
export class FakePispCollaborators {
  readonly consents = new Map<string, DomesticPaymentConsent>();
  readonly createRequests: CreateDomesticPaymentConsent[] = [];
  readonly consumeRequests: ConsumeDomesticPaymentConsent[] = [];
  /** Each client's registered public JWKS (Requests.getClientKeys). */
  readonly clientKeys = new Map<string, JWK[]>();
  keyRequests = 0;

  /** The PSU approves on the consent page: AWAU -> AUTH, from the fixed debtor account or the one they chose. */
  authorise(consentId: string, psuId: string, debtorAccountId?: string): DomesticPaymentConsent {
    const consent = this.consents.get(consentId);
    if (!consent || consent.status !== 'AWAU') throw new Error(`consent ${consentId} is not awaiting authorisation`);
    return this.change(consentId, { status: 'AUTH', psuId, debtorAccountId: debtorAccountId ?? consent.summary.debtorAccountId });
  }

  /** The PSU denies on the consent page: AWAU -> RJCT. */
  reject(consentId: string): DomesticPaymentConsent {
    return this.change(consentId, { status: 'RJCT' });
  }

  change(consentId: string, changes: Partial<DomesticPaymentConsent>): DomesticPaymentConsent {
    const changed = { ...this.consents.get(consentId)!, ...changes, statusUpdateDateTime: new Date().toISOString() };
    this.consents.set(consentId, changed);
    return changed;
  }
}

const COLLABORATORS = Symbol('COLLABORATORS');

/** Answers the contract's subjects the way consent-service and the authorization server do, from the in-memory state. */
@Controller()
class FakePispController {
  constructor(@Inject(COLLABORATORS) private readonly state: FakePispCollaborators) {}

  @MessagePattern(Requests.createDomesticPaymentConsent)
  create(@Payload() request: CreateDomesticPaymentConsent) {
    this.state.createRequests.push(request);
    const now = new Date().toISOString();
    const consent: DomesticPaymentConsent = {
      consentId: `${CONSENT_ID_PREFIXES.domesticPayment}${randomUUID()}`,
      clientId: request.clientId,
      status: 'AWAU',
      initiation: request.initiation,
      risk: request.risk,
      summary: request.summary,
      creationDateTime: now,
      statusUpdateDateTime: now,
    };
    this.state.consents.set(consent.consentId, consent);
    return ok(consent);
  }

  @MessagePattern(Requests.getDomesticPaymentConsent)
  get(@Payload() { consentId, clientId }: GetDomesticPaymentConsent) {
    const consent = this.state.consents.get(consentId);
    if (!consent || (clientId !== undefined && consent.clientId !== clientId)) return refuse('NOT_FOUND', `no consent ${consentId}`);
    return ok(consent);
  }

  /** AUTH -> COND for the payment; again with the same payment: the consumed consent; otherwise INVALID_STATUS. */
  @MessagePattern(Requests.consumeDomesticPaymentConsent)
  consume(@Payload() request: ConsumeDomesticPaymentConsent) {
    this.state.consumeRequests.push(request);
    const consent = this.state.consents.get(request.consentId);
    if (!consent) return refuse('NOT_FOUND', `no consent ${request.consentId}`);
    if (consent.clientId !== request.clientId) return refuse('FORBIDDEN', 'another client');
    if (consent.status === 'COND' && consent.paymentId === request.paymentId) return ok(consent);
    if (consent.status !== 'AUTH') return refuse('INVALID_STATUS', `consent is ${consent.status}`);
    return ok(this.state.change(request.consentId, { status: 'COND', paymentId: request.paymentId }));
  }

  @MessagePattern(Requests.getClientKeys)
  keys(@Payload() { clientId }: GetClientKeys) {
    this.state.keyRequests += 1;
    const keys = this.state.clientKeys.get(clientId);
    return keys ? ok({ clientId, jwks: { keys } }) : refuse('NOT_FOUND', `no client ${clientId}`);
  }
}

/** Starts the fakes on a real NATS connection, answering the contract's subjects. */
export async function startFakePispCollaborators(natsUrl: string): Promise<RunningNatsFake<FakePispCollaborators>> {
  return startNatsFake(natsUrl, FakePispController, COLLABORATORS, new FakePispCollaborators());
}
