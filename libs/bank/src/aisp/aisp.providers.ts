import type { Provider, Type } from '@nestjs/common';
import { AccountInfoApi } from '@fapi/open-banking';
import { AccessTokenVerifier } from '../access/access-token-verifier';
import { TOKEN_BINDINGS, type TokenBinding } from '../access/token-binding';
import { BANK_CONFIG, type BankConfig } from '../bank-config';
import { BankStore } from '../ledger/bank-store';
import { AISP_DEPENDENCIES, type AispDependencies } from './aisp-dependencies';
import { AccountAccessConsentsController, AccountsController } from './aisp.controllers';
import { AccountAccessConsentGateway } from './consents/account-access-consent-gateway';
import { AccountInformation } from './resources/account-information';

export const AISP_CONTROLLERS: Type<unknown>[] = [AccountAccessConsentsController, AccountsController];

/** What the AISP API adds to the bank module; it uses the module's store, access token verifier, token bindings and NATS client. */
export const AISP_PROVIDERS: Provider[] = [
  { provide: AccountInfoApi, useFactory: () => AccountInfoApi.load() },
  AccountAccessConsentGateway,
  {
    provide: AISP_DEPENDENCIES,
    inject: [BANK_CONFIG, AccessTokenVerifier, TOKEN_BINDINGS, AccountInfoApi, AccountAccessConsentGateway, BankStore],
    useFactory: (
      { bankUrl }: BankConfig,
      tokens: AccessTokenVerifier,
      bindings: readonly TokenBinding[],
      api: AccountInfoApi,
      consents: AccountAccessConsentGateway,
      store: BankStore,
    ): AispDependencies => ({
      tokens,
      bindings,
      api,
      consents,
      information: new AccountInformation(store),
      accountExists: (accountId) => store.accountExists(accountId),
      bankUrl,
      now: () => new Date(),
    }),
  },
];
