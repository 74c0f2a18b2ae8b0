import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type DomesticPaymentConsent, Requests, type RpcReply } from '@fapi/nats-contract';
import {
  parseAuthorisePaymentConsentRequest,
  parseConsumePaymentConsentRequest,
  parseCreatePaymentConsentRequest,
  parseGetPaymentConsentRequest,
  parseRejectPaymentConsentRequest,
} from './domestic-payment-consent-requests';
import { DomesticPaymentConsentsService } from './domestic-payment-consents.service';
import { whenValid } from './request-parsing';

type PaymentConsentReply = Promise<RpcReply<DomesticPaymentConsent>>;

/** Serves the domestic payment consent subjects of the NATS contract; every payload is checked before it is used. */
@Controller()
export class DomesticPaymentConsentsController {
  constructor(private readonly consents: DomesticPaymentConsentsService) {}

  @MessagePattern(Requests.createDomesticPaymentConsent)
  create(@Payload() payload: unknown): PaymentConsentReply {
    return whenValid(parseCreatePaymentConsentRequest(payload), (request) => this.consents.create(request));
  }

  @MessagePattern(Requests.getDomesticPaymentConsent)
  get(@Payload() payload: unknown): PaymentConsentReply {
    return whenValid(parseGetPaymentConsentRequest(payload), (request) => this.consents.get(request));
  }

  @MessagePattern(Requests.authoriseDomesticPaymentConsent)
  authorise(@Payload() payload: unknown): PaymentConsentReply {
    return whenValid(parseAuthorisePaymentConsentRequest(payload), (request) => this.consents.authorise(request));
  }

  @MessagePattern(Requests.rejectDomesticPaymentConsent)
  reject(@Payload() payload: unknown): PaymentConsentReply {
    return whenValid(parseRejectPaymentConsentRequest(payload), (request) => this.consents.reject(request));
  }

  @MessagePattern(Requests.consumeDomesticPaymentConsent)
  consume(@Payload() payload: unknown): PaymentConsentReply {
    return whenValid(parseConsumePaymentConsentRequest(payload), (request) => this.consents.consume(request));
  }
}
