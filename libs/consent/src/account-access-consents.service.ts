import { Injectable, Logger } from '@nestjs/common';
import {
  type AccountAccessConsent,
  type AuthoriseAccountAccessConsent,
  type CreateAccountAccessConsent,
  Events,
  type GetAccountAccessConsent,
  NatsContractClient,
  type RejectAccountAccessConsent,
  type RevokeAccountAccessConsent,
  type RpcReply,
  ok,
  refuse,
} from '@fapi/nats-contract';
import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import { ConsentTransitions, INITIAL_CONSENT_STATUS, isDueToExpire, mayRevoke } from './account-access-consent-lifecycle';
import { AccountAccessConsentStore, type StatusChange } from './account-access-consent.store';
import { type ConsentTransition, isOwnedBy, newConsentId, transitionConditionally } from './consent-lifecycle';

type ConsentReply = RpcReply<AccountAccessConsent>;

/** A lost race means the status moved on; a consent moves at most twice (AWAU -> AUTH -> CANC or EXPD). */
const MAX_LOST_RACES = 2;

/** How one request asks for a transition: who may make it, why, and what it records. */
interface TransitionRequest {
  consentId: string;
  transition: ConsentTransition<AccountAccessConsentStatus>;
  /** Whether the caller may act on this consent at all (checked before its status, so nothing leaks to others). */
  mayAct: (consent: AccountAccessConsent) => boolean;
  reason: string;
  authorisation?: StatusChange['authorisation'];
}

/**
 * The account-access consent lifecycle: each operation reads the consent as it is now (expiry applied), checks
 * who asks, then whether the status allows the transition, and commits it conditionally before announcing it.
 */
@Injectable()
export class AccountAccessConsentsService {
  private readonly logger = new Logger(AccountAccessConsentsService.name);

  constructor(
    private readonly store: AccountAccessConsentStore,
    private readonly nats: NatsContractClient,
  ) {}

  async create(request: CreateAccountAccessConsent): Promise<ConsentReply> {
    const consent = await this.store.create({
      ...request,
      consentId: newConsentId('accountAccess'),
      status: INITIAL_CONSENT_STATUS,
      at: new Date(),
      reason: `created by client ${request.clientId}`,
    });
    return ok(await this.expireIfDue(consent));
  }

  /** With clientId set, a consent of another client is NOT_FOUND: its existence is not revealed. */
  async get({ consentId, clientId }: GetAccountAccessConsent): Promise<ConsentReply> {
    const consent = await this.findCurrent(consentId);
    if (!consent || (clientId !== undefined && !isOwnedBy(consent, clientId))) return notFound(consentId);
    return ok(consent);
  }

  authorise({ consentId, clientId, psuId, accountIds }: AuthoriseAccountAccessConsent): Promise<ConsentReply> {
    return this.transition({
      consentId,
      transition: ConsentTransitions.authorise,
      mayAct: (consent) => isOwnedBy(consent, clientId),
      reason: `authorised by PSU ${psuId}`,
      authorisation: { psuId, accountIds },
    });
  }

  reject({ consentId, clientId }: RejectAccountAccessConsent): Promise<ConsentReply> {
    return this.transition({
      consentId,
      transition: ConsentTransitions.reject,
      mayAct: (consent) => isOwnedBy(consent, clientId),
      reason: 'rejected by the PSU',
    });
  }

  revoke(request: RevokeAccountAccessConsent): Promise<ConsentReply> {
    return this.transition({
      consentId: request.consentId,
      transition: ConsentTransitions.revoke,
      mayAct: (consent) => mayRevoke(consent, request),
      reason: `revoked by the ${request.revokedBy}`,
    });
  }

  /** Moves every live consent whose ExpirationDateTime has passed to EXPD (the periodic sweep calls this). */
  async expireOverdue(now: Date): Promise<void> {
    for (const consentId of await this.store.findExpiredIds(ConsentTransitions.expire.from, now)) {
      await this.findCurrent(consentId);
    }
  }

  private transition({ consentId, transition, mayAct, reason, authorisation }: TransitionRequest): Promise<ConsentReply> {
    return transitionConditionally({
      transition,
      read: () => this.findCurrent(consentId),
      notFound: () => notFound(consentId),
      check: (consent) => (mayAct(consent) ? undefined : refuse('FORBIDDEN', `consent ${consentId} belongs to another client`)),
      commit: (consent) =>
        this.store.changeStatus({
          consentId,
          from: consent.status,
          to: transition.to,
          at: new Date(),
          reason,
          expiry: 'not-passed',
          authorisation,
        }),
      announce: (changed, previousStatus) => this.announce(changed, previousStatus),
      maxLostRaces: MAX_LOST_RACES,
    });
  }

  /** Reads a consent as it is now: a read never returns a live status after ExpirationDateTime has passed. */
  private async findCurrent(consentId: string): Promise<AccountAccessConsent | undefined> {
    const consent = await this.store.find(consentId);
    return consent && this.expireIfDue(consent);
  }

  private async expireIfDue(consent: AccountAccessConsent): Promise<AccountAccessConsent> {
    const now = new Date();
    if (!isDueToExpire(consent, now)) return consent;
    const expired = await this.store.changeStatus({
      consentId: consent.consentId,
      from: consent.status,
      to: ConsentTransitions.expire.to,
      at: now,
      reason: 'ExpirationDateTime passed',
      expiry: 'passed',
    });
    if (expired) {
      await this.announce(expired, consent.status);
      return expired;
    }
    // Another reader, the sweep or a concurrent change committed first: what it left is the current state.
    return (await this.store.find(consent.consentId)) ?? consent;
  }

  /** Emits the status change once it is committed; a lost event is logged, it does not undo the committed change. */
  private async announce(consent: AccountAccessConsent, previousStatus: AccountAccessConsentStatus): Promise<void> {
    try {
      await this.nats.emit(Events.accountAccessConsentStatusChanged, {
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

const notFound = (consentId: string) => refuse<AccountAccessConsent>('NOT_FOUND', `no account-access consent ${consentId}`);
