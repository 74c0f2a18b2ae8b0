import { Injectable } from '@nestjs/common';
import { type AccountAccessConsent, type CreateAccountAccessConsent, NatsContractClient, Requests } from '@fapi/nats-contract';
import { ConsentGateway, type ConsentKind } from '../../access/consent-gateway';

const ACCOUNT_ACCESS_CONSENTS: ConsentKind<AccountAccessConsent, CreateAccountAccessConsent> = {
  label: 'account-access consent',
  create: (nats, request) => nats.request(Requests.createAccountAccessConsent, request),
  get: (nats, query) => nats.request(Requests.getAccountAccessConsent, query),
};

/** The bank's side of consent-service (NATS) for account-access consents. */
@Injectable()
export class AccountAccessConsentGateway extends ConsentGateway<AccountAccessConsent, CreateAccountAccessConsent> {
  constructor(nats: NatsContractClient) {
    super(nats, ACCOUNT_ACCESS_CONSENTS);
  }

  /** The TPP revokes (DELETE): only its own consent. */
  async revokeOwn(consentId: string, clientId: string): Promise<void> {
    this.valueOf(await this.nats.request(Requests.revokeAccountAccessConsent, { consentId, clientId, revokedBy: 'TPP' }), consentId);
  }
}
