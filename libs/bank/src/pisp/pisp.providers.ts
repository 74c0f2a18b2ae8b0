import type { Provider, Type } from '@nestjs/common';
import { PaymentInitiationApi, PISP_BASE_PATH } from '@fapi/open-banking';
import { AccessTokenVerifier } from '../access/access-token-verifier';
import { TOKEN_BINDINGS, type TokenBinding } from '../access/token-binding';
import { BANK_CONFIG, type BankConfig } from '../bank-config';
import { BankStore } from '../ledger/bank-store';
import { DomesticPayments } from '../payments/domestic-payments';
import { IdempotencyStore } from '../payments/idempotency-store';
import { customerAccountLookup } from './consents/debtor-account';
import { PaymentConsentGateway } from './consents/payment-consent-gateway';
import { IdempotentCreation } from './http/idempotent-creation';
import { PISP_DEPENDENCIES, type PispDependencies } from './pisp-dependencies';
import { DomesticPaymentConsentsController, DomesticPaymentsController } from './pisp.controllers';
import { BankJwksController } from './signing/bank-jwks.controller';
import { BankSigner } from './signing/bank-signer';
import { RegisteredClientKeys } from './signing/client-keys';

/**
 * The routes whose responses the bank signs (SignedResponsesMiddleware): the whole PISP API. A plain path, which Nest
 * mounts on every path under it (Express `use()`): a pattern with a parameter (`/{*path}`) would make the router decode
 * the path before the middleware runs, and a path that cannot be decoded (`%E0%A4%A`) would be refused 400 unsigned.
 */
export const PISP_ROUTES = PISP_BASE_PATH.slice(1);

export const PISP_CONTROLLERS: Type<unknown>[] = [DomesticPaymentConsentsController, DomesticPaymentsController, BankJwksController];

/**
 * What the PISP API adds to the bank module; it uses the module's store, DomesticPayments, IdempotencyStore, access
 * token verifier, token bindings and NATS client.
 */
export const PISP_PROVIDERS: Provider[] = [
  { provide: PaymentInitiationApi, useFactory: () => PaymentInitiationApi.load() },
  { provide: BankSigner, inject: [BANK_CONFIG], useFactory: ({ certsDir, orgId }: BankConfig) => BankSigner.fromCertsDir(certsDir, orgId) },
  RegisteredClientKeys,
  PaymentConsentGateway,
  {
    provide: PISP_DEPENDENCIES,
    inject: [BANK_CONFIG, AccessTokenVerifier, TOKEN_BINDINGS, PaymentInitiationApi, RegisteredClientKeys, PaymentConsentGateway, DomesticPayments, IdempotencyStore, BankStore],
    useFactory: (
      { bankUrl }: BankConfig,
      tokens: AccessTokenVerifier,
      bindings: readonly TokenBinding[],
      api: PaymentInitiationApi,
      clientKeys: RegisteredClientKeys,
      consents: PaymentConsentGateway,
      payments: DomesticPayments,
      idempotency: IdempotencyStore,
      store: BankStore,
    ): PispDependencies => ({
      tokens,
      bindings,
      api,
      clientKeys,
      consents,
      payments,
      idempotency: new IdempotentCreation(idempotency),
      findCustomerAccount: customerAccountLookup(store),
      bankUrl,
      now: () => new Date(),
    }),
  },
];
