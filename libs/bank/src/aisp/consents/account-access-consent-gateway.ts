import { Injectable } from '@nestjs/common';
import { type AccountAccessConsent, type CreateAccountAccessConsent, NatsContractClient, Requests } from '@fapi/nats-contract';
import { ConsentGateway, type ConsentKind } from '../../access/consent-gateway';
import { AuthorisedConsentCache } from './authorised-consent-cache';
import { RevokedConsents } from './revoked-consents';

const ACCOUNT_ACCESS_CONSENTS: ConsentKind<AccountAccessConsent, CreateAccountAccessConsent> = {
  label: 'account-access consent',
  create: (nats, request) => nats.request(Requests.createAccountAccessConsent, request),
  get: (nats, query) => nats.request(Requests.getAccountAccessConsent, query),
};

/**
 * The bank's side of consent-service (NATS) for account-access consents. The consent a PSU-authorised token names is
 * read through this instance's cache of authorised consents (AuthorisedConsentCache), trusted only while no TPP asked
 * the bank to revoke it (RevokedConsents, one lookup in the bank's database): a revoked consent is refused at its next
 * read on every instance.
 */
@Injectable()
export class AccountAccessConsentGateway extends ConsentGateway<AccountAccessConsent, CreateAccountAccessConsent> {
  constructor(
    nats: NatsContractClient,
    private readonly authorised: AuthorisedConsentCache,
    private readonly revoked: RevokedConsents,
  ) {
    super(nats, ACCOUNT_ACCESS_CONSENTS);
  }

  override async current(consentId: string): Promise<AccountAccessConsent | undefined> {
    const cached = this.authorised.get(consentId);
    if (cached && !(await this.revoked.isRevoked(consentId))) return cached;
    if (cached) this.authorised.forget(consentId);
    return this.authorised.getOrRead(consentId, () => super.current(consentId));
  }

  /**
   * The TPP revokes (DELETE): only its own consent. Recorded as asked first, so that no instance serves it from its
   * cache from then on, whatever consent-service answers (a refused revocation only costs that consent its caching).
   */
  async revokeOwn(consentId: string, clientId: string): Promise<void> {
    await this.revoked.record(consentId);
    this.valueOf(await this.nats.request(Requests.revokeAccountAccessConsent, { consentId, clientId, revokedBy: 'TPP' }), consentId);
    this.authorised.forget(consentId);
  }
}
