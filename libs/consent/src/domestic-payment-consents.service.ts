import { Injectable, Logger } from '@nestjs/common';
import {
  type AuthoriseDomesticPaymentConsent,
  type ConsumeDomesticPaymentConsent,
  type CreateDomesticPaymentConsent,
  type DomesticPaymentConsent,
  type DomesticPaymentConsentStatus,
  Events,
  type GetDomesticPaymentConsent,
  NatsContractClient,
  type RejectDomesticPaymentConsent,
  type RpcReply,
  ok,
  refuse,
} from '@fapi/nats-contract';
import { type ConsentTransition, isOwnedBy, newConsentId, transitionConditionally } from './consent-lifecycle';
import {
  INITIAL_PAYMENT_CONSENT_STATUS,
  PaymentConsentTransitions,
  respectsFixedDebtorAccount,
  wasConsumedBy,
} from './domestic-payment-consent-lifecycle';
import { DomesticPaymentConsentStore, type PaymentConsentStatusChange } from './domestic-payment-consent.store';

type PaymentConsentReply = RpcReply<DomesticPaymentConsent>;

/** A lost race means the status moved on; a payment consent moves at most twice (AWAU -> AUTH -> COND). */
const MAX_LOST_RACES = 2;

/** How one request asks for a transition: its checks, why, and what it records. */
interface TransitionRequest {
  consentId: string;
  clientId: string;
  transition: ConsentTransition<DomesticPaymentConsentStatus>;
  /** Checks of the request against the consent, after ownership and before the status (see transitionConditionally). */
  check?: (consent: DomesticPaymentConsent) => PaymentConsentReply | undefined;
  reason: string;
  record?: Pick<PaymentConsentStatusChange, 'authorisation' | 'consumption'>;
}

/**
 * The domestic payment consent lifecycle: each operation reads the consent, checks that the owning client asks, then
 * what it asks for, then whether the status allows the transition, and commits it conditionally before announcing it.
 */
@Injectable()
export class DomesticPaymentConsentsService {
  private readonly logger = new Logger(DomesticPaymentConsentsService.name);

  constructor(
    private readonly store: DomesticPaymentConsentStore,
    private readonly nats: NatsContractClient,
  ) {}

  async create(request: CreateDomesticPaymentConsent): Promise<PaymentConsentReply> {
    return ok(
      await this.store.create({
        ...request,
        consentId: newConsentId('domesticPayment'),
        status: INITIAL_PAYMENT_CONSENT_STATUS,
        at: new Date(),
        reason: `created by client ${request.clientId}`,
      }),
    );
  }

  /** With clientId set, a consent of another client is NOT_FOUND: its existence is not revealed. */
  async get({ consentId, clientId }: GetDomesticPaymentConsent): Promise<PaymentConsentReply> {
    const consent = await this.store.find(consentId);
    if (!consent || (clientId !== undefined && !isOwnedBy(consent, clientId))) return notFound(consentId);
    return ok(consent);
  }

  authorise({ consentId, clientId, psuId, debtorAccountId }: AuthoriseDomesticPaymentConsent): Promise<PaymentConsentReply> {
    return this.transition({
      consentId,
      clientId,
      transition: PaymentConsentTransitions.authorise,
      check: (consent) =>
        respectsFixedDebtorAccount(consent, debtorAccountId)
          ? undefined
          : refuse('INVALID', `consent ${consentId} fixed the debtor account: the payment cannot be made from another`),
      reason: `authorised by PSU ${psuId} from account ${debtorAccountId}`,
      record: { authorisation: { psuId, debtorAccountId } },
    });
  }

  reject({ consentId, clientId }: RejectDomesticPaymentConsent): Promise<PaymentConsentReply> {
    return this.transition({ consentId, clientId, transition: PaymentConsentTransitions.reject, reason: 'rejected by the PSU' });
  }

  consume({ consentId, clientId, paymentId }: ConsumeDomesticPaymentConsent): Promise<PaymentConsentReply> {
    return this.transition({
      consentId,
      clientId,
      transition: PaymentConsentTransitions.consume,
      check: (consent) => (wasConsumedBy(consent, paymentId) ? ok(consent) : undefined),
      reason: `consumed by payment ${paymentId}`,
      record: { consumption: { paymentId } },
    });
  }

  private transition({ consentId, clientId, transition, check, reason, record }: TransitionRequest): Promise<PaymentConsentReply> {
    return transitionConditionally({
      transition,
      read: () => this.store.find(consentId),
      notFound: () => notFound(consentId),
      check: (consent) =>
        isOwnedBy(consent, clientId) ? check?.(consent) : refuse('FORBIDDEN', `consent ${consentId} belongs to another client`),
      commit: (consent) => this.store.changeStatus({ consentId, from: consent.status, to: transition.to, at: new Date(), reason, ...record }),
      announce: (changed, previousStatus) => this.announce(changed, previousStatus),
      maxLostRaces: MAX_LOST_RACES,
    });
  }

  /** Emits the status change once it is committed; a lost event is logged, it does not undo the committed change. */
  private async announce(consent: DomesticPaymentConsent, previousStatus: DomesticPaymentConsentStatus): Promise<void> {
    try {
      await this.nats.emit(Events.domesticPaymentConsentStatusChanged, {
        consentId: consent.consentId,
        clientId: consent.clientId,
        status: consent.status,
        previousStatus,
        at: consent.statusUpdateDateTime,
      });
    } catch (error) {
      this.logger.error(`could not emit the status change of ${consent.consentId} to ${consent.status}: ${String(error)}`);
    }
  }
}

const notFound = (consentId: string) => refuse<DomesticPaymentConsent>('NOT_FOUND', `no domestic payment consent ${consentId}`);
