import { Injectable } from '@nestjs/common';
import {
  type ConsumeDomesticPaymentConsent,
  type CreateDomesticPaymentConsent,
  type DomesticPaymentConsent,
  NatsContractClient,
  Requests,
} from '@fapi/nats-contract';
import { ConsentGateway, type ConsentKind } from '../../access/consent-gateway';

const DOMESTIC_PAYMENT_CONSENTS: ConsentKind<DomesticPaymentConsent, CreateDomesticPaymentConsent> = {
  label: 'domestic payment consent',
  create: (nats, request) => nats.request(Requests.createDomesticPaymentConsent, request),
  get: (nats, query) => nats.request(Requests.getDomesticPaymentConsent, query),
};

/** The bank's side of consent-service (NATS) for domestic payment consents. */
@Injectable()
export class PaymentConsentGateway extends ConsentGateway<DomesticPaymentConsent, CreateDomesticPaymentConsent> {
  constructor(nats: NatsContractClient) {
    super(nats, DOMESTIC_PAYMENT_CONSENTS);
  }

  /** AUTH -> COND for this payment (again for the same payment: answered as consumed); another status: 400 U009. */
  async consume(request: ConsumeDomesticPaymentConsent): Promise<DomesticPaymentConsent> {
    return this.valueOf(await this.nats.request(Requests.consumeDomesticPaymentConsent, request), request.consentId);
  }
}
