import type { IncomingMessage } from 'node:http';
import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type {
  OBWriteDomesticConsentResponse5,
  OBWriteDomesticResponse5,
  OBWriteFundsConfirmationResponse1,
  OBWritePaymentDetailsResponse1,
} from '@fapi/open-banking';
import { confirmFunds, createPaymentConsent, readPaymentConsent } from './consents/payment-consent-endpoints';
import { createPayment, readPayment, readPaymentDetails } from './payments/payment-endpoints';
import { PISP_DEPENDENCIES, type PispDependencies } from './pisp-dependencies';

/*
 * The UK OB v4.0 Payment Initiation API (domestic payments): every route and the endpoint function that lists its checks
 * in the order they run. HTTP only: the handlers parse the path and dispatch; responses are signed on their way out
 * (SignedResponsesMiddleware).
 */

@Controller('open-banking/v4.0/pisp/domestic-payment-consents')
export class DomesticPaymentConsentsController {
  constructor(@Inject(PISP_DEPENDENCIES) private readonly deps: PispDependencies) {}

  @Post()
  @HttpCode(201)
  create(@Req() request: IncomingMessage): Promise<OBWriteDomesticConsentResponse5> {
    return createPaymentConsent(request, this.deps);
  }

  @Get(':ConsentId')
  read(@Req() request: IncomingMessage, @Param('ConsentId') consentId: string): Promise<OBWriteDomesticConsentResponse5> {
    return readPaymentConsent(request, consentId, this.deps);
  }

  @Get(':ConsentId/funds-confirmation')
  fundsConfirmation(@Req() request: IncomingMessage, @Param('ConsentId') consentId: string): Promise<OBWriteFundsConfirmationResponse1> {
    return confirmFunds(request, consentId, this.deps);
  }
}

@Controller('open-banking/v4.0/pisp/domestic-payments')
export class DomesticPaymentsController {
  constructor(@Inject(PISP_DEPENDENCIES) private readonly deps: PispDependencies) {}

  @Post()
  @HttpCode(201)
  create(@Req() request: IncomingMessage): Promise<OBWriteDomesticResponse5> {
    return createPayment(request, this.deps);
  }

  @Get(':DomesticPaymentId')
  read(@Req() request: IncomingMessage, @Param('DomesticPaymentId') paymentId: string): Promise<OBWriteDomesticResponse5> {
    return readPayment(request, paymentId, this.deps);
  }

  @Get(':DomesticPaymentId/payment-details')
  details(@Req() request: IncomingMessage, @Param('DomesticPaymentId') paymentId: string): Promise<OBWritePaymentDetailsResponse1> {
    return readPaymentDetails(request, paymentId, this.deps);
  }
}
