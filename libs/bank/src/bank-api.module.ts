import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClientsModule } from '@nestjs/microservices';
import { RecordingQueue } from '@fapi/developer-console';
import { Events, NATS_CLIENT, NatsContractClient, sandboxNatsClient } from '@fapi/nats-contract';
import { AccessTokenVerifier } from './access/access-token-verifier';
import { UsedDpopProofs } from './access/dpop/used-dpop-proofs';
import { GrantRevocationListener } from './access/grant-revocation-listener';
import { RevokedGrants, RevokedGrantsController } from './access/revoked-grants';
import { TOKEN_BINDINGS, tokenBindings } from './access/token-binding';
import { AISP_CONTROLLERS, AISP_PROVIDERS } from './aisp/aisp.providers';
import { ApiDocsController } from './api-docs/api-docs.controller';
import { BANK_CONFIG, bankConfig, type BankConfig } from './bank-config';
import { CustomerReads } from './customers/customer-reads';
import { PsuDirectory } from './customers/psu-directory';
import { PsuDirectoryController } from './customers/psu-directory.controller';
import { BankStore } from './ledger/bank-store';
import { BankStoreLifecycle } from './ledger/bank-store-lifecycle';
import { PreparedStatements } from './ledger/prepared-statements';
import { BankConsoleRecording, ConsoleRecordingMiddleware } from './ob-http/console-recording';
import { InteractionIdMiddleware } from './ob-http/interaction-id';
import { ObExceptionFilter } from './ob-http/ob-exception.filter';
import { DomesticPayments } from './payments/domestic-payments';
import { IdempotencyStore } from './payments/idempotency-store';
import { PaymentsLifecycle } from './payments/payments.lifecycle';
import { SettlementQueue } from './payments/settlement-queue';
import { PaymentSettlementWorker } from './payments/settlement-worker';
import { PISP_CONTROLLERS, PISP_PROVIDERS, PISP_ROUTES, SignedResponsesMiddleware } from './pisp';

/**
 * The mock ASPSP: its NATS handlers for the authorization server (PSU login, PSU accounts, revoked grants, also from
 * the durable stream of revocations: GrantRevocationListener), its UK OB v4.0 AISP and PISP HTTP APIs (sharing the
 * access checks and the OB HTTP layer), and its payments core
 * (DomesticPayments, settled by a worker on NATS JetStream inside this process, and the IdempotencyStore of the PISP
 * POSTs), and its public API docs (ApiDocsController). Configuration is read from the environment when the application
 * is created (see bankConfig()).
 */
@Module({
  imports: [
    // registered lazily so that NATS_URL and SANDBOX_ID are read when the app is created, not when this file is imported
    ClientsModule.registerAsync([{ name: NATS_CLIENT, useFactory: () => sandboxNatsClient(bankConfig()) }]),
  ],
  controllers: [PsuDirectoryController, RevokedGrantsController, ApiDocsController, ...AISP_CONTROLLERS, ...PISP_CONTROLLERS],
  providers: [
    { provide: BANK_CONFIG, useFactory: () => bankConfig() },
    { provide: BankStore, inject: [BANK_CONFIG], useFactory: (config: BankConfig) => BankStore.connect(config.databaseUrl) },
    BankStoreLifecycle,
    { provide: PsuDirectory, inject: [PreparedStatements], useFactory: (statements: PreparedStatements) => new PsuDirectory(new CustomerReads(statements)) },
    NatsContractClient,
    { provide: PreparedStatements, inject: [BankStore], useFactory: (store: BankStore) => store.statements },
    {
      provide: RevokedGrants,
      inject: [BankStore, PreparedStatements],
      useFactory: (store: BankStore, statements: PreparedStatements) => new RevokedGrants(store, statements),
    },
    {
      provide: GrantRevocationListener,
      inject: [BANK_CONFIG, RevokedGrants],
      useFactory: (config: BankConfig, revoked: RevokedGrants) => GrantRevocationListener.connect(config, revoked),
    },
    {
      provide: AccessTokenVerifier,
      inject: [BANK_CONFIG, RevokedGrants],
      useFactory: ({ issuer, bankUrl, certsDir }: BankConfig, revoked: RevokedGrants) =>
        new AccessTokenVerifier({
          issuer,
          audience: bankUrl,
          caPem: readFileSync(path.join(certsDir, 'ca.pem'), 'utf8'),
          isGrantRevoked: (grantId) => revoked.isRevoked(grantId),
        }),
    },
    { provide: UsedDpopProofs, inject: [BankStore], useFactory: (store: BankStore) => new UsedDpopProofs(store) },
    {
      provide: TOKEN_BINDINGS,
      inject: [BANK_CONFIG, UsedDpopProofs],
      useFactory: ({ bankUrl }: BankConfig, usedProofs: UsedDpopProofs) => tokenBindings({ bankUrl, usedProofs, now: () => new Date() }),
    },
    { provide: APP_FILTER, useClass: ObExceptionFilter },
    // the developer console's records of OB requests, announced to the authorization server that serves the console
    {
      provide: BankConsoleRecording,
      inject: [NatsContractClient],
      useFactory: (nats: NatsContractClient) =>
        new BankConsoleRecording(new RecordingQueue((records) => nats.emit(Events.consoleRequestsRecorded, { records }), new Logger('DeveloperConsole'))),
    },
    { provide: SettlementQueue, inject: [BANK_CONFIG], useFactory: (config: BankConfig) => SettlementQueue.connect(config) },
    {
      provide: DomesticPayments,
      inject: [BankStore, SettlementQueue],
      useFactory: (store: BankStore, queue: SettlementQueue) => new DomesticPayments(store, queue),
    },
    {
      provide: PaymentSettlementWorker,
      inject: [BankStore, DomesticPayments, SettlementQueue],
      useFactory: (store: BankStore, payments: DomesticPayments, queue: SettlementQueue) => new PaymentSettlementWorker(store, payments, queue),
    },
    { provide: IdempotencyStore, inject: [BANK_CONFIG], useFactory: ({ databaseUrl }: BankConfig) => new IdempotencyStore(databaseUrl) },
    PaymentsLifecycle,
    ...AISP_PROVIDERS,
    ...PISP_PROVIDERS,
  ],
})
export class BankApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // plain paths, mounted on every path under them: a pattern with a parameter ('{*path}') makes the router decode the
    // path first, and one that cannot be decoded would be refused before these run (unsigned, in the PISP API)
    consumer.apply(InteractionIdMiddleware, ConsoleRecordingMiddleware).forRoutes('/');
    consumer.apply(SignedResponsesMiddleware).forRoutes(PISP_ROUTES);
  }
}
