import type { IncomingMessage } from 'node:http';
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { OBReadAccount6, OBReadBalance1, OBReadConsentResponse1, OBReadTransaction6 } from '@fapi/open-banking';
import { AISP_DEPENDENCIES, type AispDependencies } from './aisp-dependencies';
import { createAccountAccessConsent, deleteAccountAccessConsent, readAccountAccessConsent } from './consents/account-access-consent-endpoints';
import { readAccounts, readBalances, readTransactions } from './resources/account-endpoints';

/*
 * The UK OB v4.0 Account and Transaction API: every route and the endpoint function that lists its checks in the order
 * they run. HTTP only: the handlers parse the path and dispatch.
 */

@Controller('open-banking/v4.0/aisp/account-access-consents')
export class AccountAccessConsentsController {
  constructor(@Inject(AISP_DEPENDENCIES) private readonly deps: AispDependencies) {}

  @Post()
  @HttpCode(201)
  create(@Req() request: IncomingMessage): Promise<OBReadConsentResponse1> {
    return createAccountAccessConsent(request, this.deps);
  }

  @Get(':ConsentId')
  read(@Req() request: IncomingMessage, @Param('ConsentId') consentId: string): Promise<OBReadConsentResponse1> {
    return readAccountAccessConsent(request, consentId, this.deps);
  }

  @Delete(':ConsentId')
  @HttpCode(204)
  delete(@Req() request: IncomingMessage, @Param('ConsentId') consentId: string): Promise<void> {
    return deleteAccountAccessConsent(request, consentId, this.deps);
  }
}

@Controller('open-banking/v4.0/aisp')
export class AccountsController {
  constructor(@Inject(AISP_DEPENDENCIES) private readonly deps: AispDependencies) {}

  @Get('accounts')
  accounts(@Req() request: IncomingMessage): Promise<OBReadAccount6> {
    return readAccounts(request, this.deps);
  }

  @Get('accounts/:AccountId')
  account(@Req() request: IncomingMessage, @Param('AccountId') accountId: string): Promise<OBReadAccount6> {
    return readAccounts(request, this.deps, accountId);
  }

  @Get('balances')
  balances(@Req() request: IncomingMessage): Promise<OBReadBalance1> {
    return readBalances(request, this.deps);
  }

  @Get('accounts/:AccountId/balances')
  accountBalances(@Req() request: IncomingMessage, @Param('AccountId') accountId: string): Promise<OBReadBalance1> {
    return readBalances(request, this.deps, accountId);
  }

  @Get('transactions')
  transactions(@Req() request: IncomingMessage): Promise<OBReadTransaction6> {
    return readTransactions(request, this.deps);
  }

  @Get('accounts/:AccountId/transactions')
  accountTransactions(@Req() request: IncomingMessage, @Param('AccountId') accountId: string): Promise<OBReadTransaction6> {
    return readTransactions(request, this.deps, accountId);
  }
}
