import { assertNatsAnswers } from '@fapi/nats-contract';
import { assertDatabaseReady } from '@fapi/persistence';
import { databaseCheck, type HttpsSandboxService, natsCheck } from '@fapi/service-runtime';
import { BankApiModule } from './bank-api.module';
import { bankConfig } from './bank-config';
import { BankStore } from './ledger/bank-store';
import { settlementQueueCheck } from './payments/settlement-queue';

/**
 * bank-api: the OB APIs over mTLS at BANK_URL, with its NATS handlers (PSU login for the authorization server, grant
 * revocations). The OB APIs read request bodies themselves, after authorisation and with a 64 KB limit. Starts only
 * with its database migrated and NATS answering; ready when its database, NATS and its JetStream settlement queue answer.
 */
export const bankApiService = (config = bankConfig()): HttpsSandboxService => ({
  module: BankApiModule,
  startupChecks: [() => assertDatabaseReady('bank', config.databaseUrl), () => assertNatsAnswers(config.natsUrl, config)],
  https: {
    identity: 'bank-api',
    publicUrl: config.bankUrl,
    natsHandlers: true,
    bodyParser: false,
    readiness: [databaseCheck(BankStore, (store) => store.prisma), natsCheck, settlementQueueCheck],
  },
});
