import { Injectable } from '@nestjs/common';
import {
  type ConsumeDomesticPaymentConsent,
  type CreateDomesticPaymentConsent,
  type DomesticPaymentConsent,
  NatsContractClient,
  Requests,
} from '@fapi/nats-contract';
import { consentReplyValue, currentConsentOf } from '../../aisp/consents/consent-gateway';

const KIND = 'domestic payment consent';

/** The bank's side of consent-service (NATS) for domestic payment consents, which live there, not in the bank. */
@Injectable()
export class PaymentConsentGateway {
  constructor(private readonly nats: NatsContractClient) {}

  async create(request: CreateDomesticPaymentConsent): Promise<DomesticPaymentConsent> {
    return consentReplyValue(await this.nats.request(Requests.createDomesticPaymentConsent, request), KIND);
  }

  /** A consent of this client; another client's consent is not found (400 U011), like an unknown one. */
  async getOwn(consentId: string, clientId: string): Promise<DomesticPaymentConsent> {
    return consentReplyValue(await this.nats.request(Requests.getDomesticPaymentConsent, { consentId, clientId }), KIND, consentId);
  }

  /** The consent a PSU-authorised token was issued for, as it is now, or undefined. */
  async current(consentId: string): Promise<DomesticPaymentConsent | undefined> {
    return currentConsentOf(await this.nats.request(Requests.getDomesticPaymentConsent, { consentId }), consentId);
  }

  /** AUTH -> COND for this payment (again for the same payment: answered as consumed); another status: 400 U009. */
  async consume(request: ConsumeDomesticPaymentConsent): Promise<DomesticPaymentConsent> {
    return consentReplyValue(await this.nats.request(Requests.consumeDomesticPaymentConsent, request), KIND, request.consentId);
  }
}
