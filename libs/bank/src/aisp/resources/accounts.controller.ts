import type { IncomingMessage } from 'node:http';
import { Controller, Get, Inject, Param, Req, UseGuards } from '@nestjs/common';
import type { OBReadAccount6, OBReadBalance1, OBReadTransaction6 } from '@fapi/open-banking';
import { BANK_CONFIG, type BankConfig } from '../../bank-config';
import type { ConsentAccess } from '../access/aisp-access';
import { AuthorisedConsent, ConsentAccessGuard, NeedsPermission } from '../access/aisp-access.guards';
import { selfLink } from '../http/self-link';
import { AccountInformation } from './account-information';
import { transactionWindow } from './transaction-window';

const ACCOUNTS = ['ReadAccountsBasic', 'ReadAccountsDetail'] as const;
const TRANSACTIONS = ['ReadTransactionsBasic', 'ReadTransactionsDetail'] as const;

/** The whole result is one page: the sandbox's data sets are small. */
const ONE_PAGE = { TotalPages: 1 };

const queryOf = (request: IncomingMessage) => new URL(request.url ?? '/', 'https://bank.invalid').searchParams;

/**
 * accounts, balances, transactions (all accounts of the consent, or one): a token the PSU authorised, checked by
 * ConsentAccessGuard against the consent as it is now (see access/aisp-access.ts for the order of the checks).
 */
@Controller('open-banking/v4.0/aisp')
@UseGuards(ConsentAccessGuard)
export class AccountsController {
  constructor(
    private readonly information: AccountInformation,
    @Inject(BANK_CONFIG) private readonly config: BankConfig,
  ) {}

  @Get('accounts')
  @NeedsPermission(...ACCOUNTS)
  async accounts(@Req() request: IncomingMessage, @AuthorisedConsent() { consent }: ConsentAccess): Promise<OBReadAccount6> {
    return this.envelope(request, { Account: await this.information.accounts(consent, consent.accountIds) });
  }

  @Get('accounts/:AccountId')
  @NeedsPermission(...ACCOUNTS)
  async account(
    @Req() request: IncomingMessage,
    @AuthorisedConsent() { consent }: ConsentAccess,
    @Param('AccountId') accountId: string,
  ): Promise<OBReadAccount6> {
    return this.envelope(request, { Account: await this.information.accounts(consent, [accountId]) });
  }

  @Get('balances')
  @NeedsPermission('ReadBalances')
  async balances(@Req() request: IncomingMessage, @AuthorisedConsent() { consent }: ConsentAccess): Promise<OBReadBalance1> {
    return this.envelope(request, { Balance: await this.information.balances(consent.accountIds) });
  }

  @Get('accounts/:AccountId/balances')
  @NeedsPermission('ReadBalances')
  async accountBalances(@Req() request: IncomingMessage, @Param('AccountId') accountId: string): Promise<OBReadBalance1> {
    return this.envelope(request, { Balance: await this.information.balances([accountId]) });
  }

  @Get('transactions')
  @NeedsPermission(...TRANSACTIONS)
  async transactions(@Req() request: IncomingMessage, @AuthorisedConsent() { consent }: ConsentAccess): Promise<OBReadTransaction6> {
    const window = transactionWindow(consent, queryOf(request));
    return this.envelope(request, { Transaction: await this.information.transactions(consent, consent.accountIds, window) });
  }

  @Get('accounts/:AccountId/transactions')
  @NeedsPermission(...TRANSACTIONS)
  async accountTransactions(
    @Req() request: IncomingMessage,
    @AuthorisedConsent() { consent }: ConsentAccess,
    @Param('AccountId') accountId: string,
  ): Promise<OBReadTransaction6> {
    const window = transactionWindow(consent, queryOf(request));
    return this.envelope(request, { Transaction: await this.information.transactions(consent, [accountId], window) });
  }

  /** Every resource response: Data, Links.Self and Meta. */
  private envelope<D>(request: IncomingMessage, data: D) {
    return { Data: data, Links: { Self: selfLink(this.config.bankUrl, request) }, Meta: ONE_PAGE };
  }
}
