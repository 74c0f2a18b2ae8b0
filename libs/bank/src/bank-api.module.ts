import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { NATS_CLIENT, NatsContractClient } from '@fapi/nats-contract';
import { BANK_CONFIG, bankConfig, type BankConfig } from './bank-config';
import { PsuDirectory } from './customers/psu-directory';
import { PsuDirectoryController } from './customers/psu-directory.controller';
import { BankStore } from './ledger/bank-store';
import { BankStoreLifecycle } from './ledger/bank-store-lifecycle';

/**
 * The mock ASPSP: its NATS handlers for the authorization server (PSU login, PSU accounts) and its UK OB v4.0 AISP
 * HTTP API. Configuration is read from the environment when the application is created (see bankConfig()).
 */
@Module({
  imports: [
    // registered lazily so that NATS_URL is read when the app is created, not when this file is imported
    ClientsModule.registerAsync([
      { name: NATS_CLIENT, useFactory: () => ({ transport: Transport.NATS, options: { servers: [bankConfig().natsUrl] } }) },
    ]),
  ],
  controllers: [PsuDirectoryController],
  providers: [
    { provide: BANK_CONFIG, useFactory: () => bankConfig() },
    { provide: BankStore, inject: [BANK_CONFIG], useFactory: (config: BankConfig) => BankStore.connect(config.databaseUrl) },
    BankStoreLifecycle,
    { provide: PsuDirectory, inject: [BankStore], useFactory: (store: BankStore) => new PsuDirectory(store) },
    NatsContractClient,
  ],
})
export class BankApiModule {}
