import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BankStore } from './bank-store';
import { seedSandboxBank } from './seed';

/** Seeds the sandbox ledger into an empty database at startup, and closes the database at shutdown. */
@Injectable()
export class BankStoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(BankStore) private readonly store: BankStore) {}

  async onModuleInit(): Promise<void> {
    if (await seedSandboxBank(this.store)) new Logger('Bank').log('seeded the sandbox customers, accounts and transactions');
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.disconnect();
  }
}
