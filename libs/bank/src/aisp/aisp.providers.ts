import type { Provider, Type } from '@nestjs/common';
import { AccountInfoApi } from '@fapi/open-banking';
import { AccessTokenVerifier } from '../access/access-token-verifier';
import { TOKEN_BINDINGS, type TokenBinding } from '../access/token-binding';
import { BANK_CONFIG, type BankConfig } from '../bank-config';
import { LedgerReads } from '../ledger/ledger-reads';
import { PreparedStatements } from '../ledger/prepared-statements';
import { AISP_DEPENDENCIES, type AispDependencies } from './aisp-dependencies';
import { AccountAccessConsentsController, AccountsController } from './aisp.controllers';
import { AccountAccessConsentGateway } from './consents/account-access-consent-gateway';
import { AuthorisedConsentCache } from './consents/authorised-consent-cache';
import { AccountAccessConsentStatusController } from './consents/consent-status-changes.controller';
import { RevokedConsents } from './consents/revoked-consents';
import { AccountInformation } from './resources/account-information';

export const AISP_CONTROLLERS: Type<unknown>[] = [AccountAccessConsentsController, AccountsController, AccountAccessConsentStatusController];

/** What the AISP API adds to the bank module; it uses the module's prepared statements, access token verifier, token bindings and NATS client. */
export const AISP_PROVIDERS: Provider[] = [
  { provide: AccountInfoApi, useFactory: () => AccountInfoApi.load() },
  { provide: AuthorisedConsentCache, useFactory: () => new AuthorisedConsentCache() },
  { provide: RevokedConsents, inject: [PreparedStatements], useFactory: (statements: PreparedStatements) => new RevokedConsents(statements) },
  AccountAccessConsentGateway,
  {
    provide: AISP_DEPENDENCIES,
    inject: [BANK_CONFIG, AccessTokenVerifier, TOKEN_BINDINGS, AccountInfoApi, AccountAccessConsentGateway, PreparedStatements],
    useFactory: (
      { bankUrl }: BankConfig,
      tokens: AccessTokenVerifier,
      bindings: readonly TokenBinding[],
      api: AccountInfoApi,
      consents: AccountAccessConsentGateway,
      statements: PreparedStatements,
    ): AispDependencies => {
      const ledger = new LedgerReads(statements);
      return {
        tokens,
        bindings,
        api,
        consents,
        information: new AccountInformation(ledger),
        accountExists: (accountId) => ledger.accountExists(accountId),
        bankUrl,
        now: () => new Date(),
      };
    },
  },
];
