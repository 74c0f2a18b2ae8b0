import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Events, EVERY_INSTANCE } from '@fapi/nats-contract';
import { AuthorisedConsentCache } from './authorised-consent-cache';

/**
 * Every bank instance forgets a cached account-access consent whose status consent-service announces changed (revoked,
 * expired, rejected...): each instance subscribes on its own (EVERY_INSTANCE), not in the bank's shared queue group.
 */
@Controller()
export class AccountAccessConsentStatusController {
  constructor(private readonly authorised: AuthorisedConsentCache) {}

  @EventPattern(Events.accountAccessConsentStatusChanged, EVERY_INSTANCE)
  statusChanged(@Payload() payload: unknown): void {
    const consentId = (payload as { consentId?: unknown } | null)?.consentId;
    if (typeof consentId === 'string') this.authorised.forget(consentId);
  }
}
