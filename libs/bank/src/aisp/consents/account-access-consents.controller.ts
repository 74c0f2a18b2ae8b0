import type { IncomingMessage } from 'node:http';
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { AccountInfoApi, type OBReadConsentResponse1 } from '@fapi/open-banking';
import { BANK_CONFIG, type BankConfig } from '../../bank-config';
import { ConsentManagementGuard, TppClientId } from '../access/aisp-access.guards';
import { readJsonBody } from '../http/json-body';
import { aispLink, selfLink } from '../http/self-link';
import { ConsentGateway } from './consent-gateway';
import { validConsentRequest } from './consent-request-rules';
import { obConsentResponse } from './consent-view';

/** POST/GET/DELETE account-access-consents: the TPP's client-credentials token; consents live at consent-service. */
@Controller('open-banking/v4.0/aisp/account-access-consents')
@UseGuards(ConsentManagementGuard)
export class AccountAccessConsentsController {
  constructor(
    private readonly consents: ConsentGateway,
    private readonly api: AccountInfoApi,
    @Inject(BANK_CONFIG) private readonly config: BankConfig,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() request: IncomingMessage, @TppClientId() clientId: string): Promise<OBReadConsentResponse1> {
    const { Data } = validConsentRequest(this.api, request, await readJsonBody(request), new Date());
    const consent = await this.consents.create({
      clientId,
      permissions: Data.Permissions,
      expirationDateTime: Data.ExpirationDateTime,
      transactionFromDateTime: Data.TransactionFromDateTime,
      transactionToDateTime: Data.TransactionToDateTime,
    });
    return obConsentResponse(consent, aispLink(this.config.bankUrl, 'account-access-consents', consent.consentId));
  }

  @Get(':ConsentId')
  async read(@Req() request: IncomingMessage, @TppClientId() clientId: string, @Param('ConsentId') consentId: string) {
    return obConsentResponse(await this.consents.getOwn(consentId, clientId), selfLink(this.config.bankUrl, request));
  }

  /** The TPP revokes the consent (it becomes CANC at consent-service): 204 with no body. */
  @Delete(':ConsentId')
  @HttpCode(204)
  async revoke(@TppClientId() clientId: string, @Param('ConsentId') consentId: string): Promise<void> {
    await this.consents.revokeOwn(consentId, clientId);
  }
}
