import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SettlementQueue } from './settlement-queue';
import { PaymentSettlementWorker } from './settlement-worker';

/**
 * Runs the settlement worker inside the bank-api process: it starts once every module is initialised (the ledger
 * seeded) and stops before the database and NATS connections close.
 */
@Injectable()
export class PaymentSettlementLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(PaymentSettlementWorker) private readonly worker: PaymentSettlementWorker,
    @Inject(SettlementQueue) private readonly queue: SettlementQueue,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.queue.close();
  }
}
