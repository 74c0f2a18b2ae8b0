import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store';
import { SettlementQueue } from './settlement-queue';
import { PaymentSettlementWorker } from './settlement-worker';

/**
 * The payments core inside the bank-api process: the settlement worker starts once every module is initialised
 * (the ledger seeded) and stops before the database and NATS connections close; the idempotency store's
 * connections close with the application.
 */
@Injectable()
export class PaymentsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(PaymentSettlementWorker) private readonly worker: PaymentSettlementWorker,
    @Inject(SettlementQueue) private readonly queue: SettlementQueue,
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.queue.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.idempotency.close();
  }
}
