import { Injectable, Logger } from '@nestjs/common';
import {
  type ConsentBase,
  type ConsentStatusChanged,
  type EventOf,
  type EventSubject,
  NatsContractClient,
  type RpcReply,
  ok,
  refuse,
} from '@fapi/nats-contract';
import { isDueToExpire } from '../rules/expiry';
import { isOwnedBy } from '../rules/owning-client';
import type { AnyConsentKind, ConsentKindDeclaration, ConsentRequest, TransitionRequest } from './consent-kind';
import { ConsentStore } from './consent.store';
import { consentStatusChanges } from './consent-metrics';
import { maxStatusChanges } from './max-status-changes';
import { newConsentId } from './new-consent-id';
import { transitionConditionally } from './transition-conditionally';

/**
 * The lifecycle of every consent kind: creates, reads and changes consents as their kind declares, each change read,
 * checked (who asks, what they ask, the status), committed conditionally and then announced. A kind that expires has
 * its consents expired whenever they are read, so a read never returns a live status after the expiry has passed.
 */
@Injectable()
export class ConsentEngine {
  private readonly logger = new Logger(ConsentEngine.name);

  constructor(
    private readonly store: ConsentStore,
    private readonly nats: NatsContractClient,
  ) {}

  /** Stores a new consent of the kind, as its creation request asks (expired at once if its expiry has already passed). */
  async create<Consent extends ConsentBase, Request extends { clientId: string }>(
    kind: ConsentKindDeclaration<Consent>,
    request: Request,
  ): Promise<RpcReply<Consent>> {
    const data = kind.create.stores(request);
    const consent = await this.store.create<Consent>({
      kind: kind.name,
      consentId: newConsentId(kind),
      clientId: request.clientId,
      status: kind.initialStatus,
      data,
      expiresAt: kind.expiry?.expiresAt(data),
      at: new Date(),
      reason: `created by client ${request.clientId}`,
    });
    return ok(await this.expireIfDue(kind, consent));
  }

  /** With clientId set, a consent of another client is NOT_FOUND: its existence is not revealed. */
  async get<Consent extends ConsentBase>(
    kind: ConsentKindDeclaration<Consent>,
    { consentId, clientId }: ConsentRequest,
  ): Promise<RpcReply<Consent>> {
    const consent = await this.findCurrent(kind, consentId);
    if (!consent || (clientId !== undefined && !isOwnedBy(consent, clientId))) return notFound(kind, consentId);
    return ok(consent);
  }

  /** Makes the transition a request asks for, in the order its declaration gives (see TransitionRequest). */
  change<Consent extends ConsentBase, Request extends ConsentRequest>(
    kind: ConsentKindDeclaration<Consent>,
    operation: TransitionRequest<Consent, Request>,
    request: Request,
  ): Promise<RpcReply<Consent>> {
    const { consentId } = request;
    return transitionConditionally({
      transition: operation.transition,
      read: () => this.findCurrent(kind, consentId),
      notFound: () => notFound(kind, consentId),
      check: (consent) =>
        operation.mayAct(consent, request)
          ? operation.check?.(consent, request)
          : refuse('FORBIDDEN', `consent ${consentId} belongs to another client`),
      commit: (consent) =>
        this.store.changeStatus<Consent>({
          kind: kind.name,
          consentId,
          from: consent.status,
          to: operation.transition.to,
          at: new Date(),
          reason: operation.reason(request),
          expiry: 'not-passed',
          records: operation.records?.(request),
        }),
      announce: (changed, previousStatus) => this.announce(kind, changed, previousStatus),
      // A lost race means the status moved on, which it can do only so often.
      maxLostRaces: maxStatusChanges(Object.values(kind.transitions)),
    });
  }

  /** Expires every consent of the kinds that expire whose expiry has passed (the periodic sweep calls this). */
  async expireOverdue(kinds: readonly AnyConsentKind[], now: Date): Promise<void> {
    for (const kind of kinds) {
      if (!kind.expiry) continue;
      for (const consentId of await this.store.findExpiredIds(kind.name, kind.expiry.transition.from, now)) {
        await this.findCurrent(kind, consentId);
      }
    }
  }

  /** Reads a consent as it is now (expiry applied). */
  private async findCurrent<Consent extends ConsentBase>(
    kind: ConsentKindDeclaration<Consent>,
    consentId: string,
  ): Promise<Consent | undefined> {
    const consent = await this.store.find<Consent>(kind.name, consentId);
    return consent && this.expireIfDue(kind, consent);
  }

  private async expireIfDue<Consent extends ConsentBase>(kind: ConsentKindDeclaration<Consent>, consent: Consent): Promise<Consent> {
    const now = new Date();
    if (!kind.expiry || !isDueToExpire(kind.expiry, consent, now)) return consent;
    const expired = await this.store.changeStatus<Consent>({
      kind: kind.name,
      consentId: consent.consentId,
      from: consent.status,
      to: kind.expiry.transition.to,
      at: now,
      reason: kind.expiry.reason,
      expiry: 'passed',
    });
    if (expired) {
      await this.announce(kind, expired, consent.status);
      return expired;
    }
    // Another reader, the sweep or a concurrent change committed first: what it left is the current state.
    return (await this.store.find<Consent>(kind.name, consent.consentId)) ?? consent;
  }

  /** Emits the status change once it is committed; a lost event is logged, it does not undo the committed change. */
  private async announce(kind: AnyConsentKind, consent: ConsentBase, previousStatus: string): Promise<void> {
    const event: ConsentStatusChanged = {
      consentId: consent.consentId,
      clientId: consent.clientId,
      status: consent.status,
      previousStatus,
      at: consent.statusUpdateDateTime,
    };
    consentStatusChanges.inc({ kind: kind.name, from: previousStatus, to: consent.status });
    // The contract ties each kind's subject to ConsentStatusChanged of the kind's statuses; the kind names its subject.
    const subject = kind.statusChanged as EventSubject;
    try {
      await this.nats.emit(subject, event as EventOf<typeof subject>);
    } catch (error) {
      this.logger.error(`could not emit the status change of ${consent.consentId} to ${consent.status}: ${String(error)}`);
    }
  }
}

const notFound = <Consent>(kind: AnyConsentKind, consentId: string) => refuse<Consent>('NOT_FOUND', `no ${kind.label} ${consentId}`);
