import { databaseCheck, type HttpsSandboxService, natsCheck } from '@fapi/service-runtime';
import { BankApiModule } from './bank-api.module';
import { bankConfig } from './bank-config';
import { BankStore } from './ledger/bank-store';
import { settlementQueueCheck } from './payments/settlement-queue';

/**
 * bank-api: the OB APIs over mTLS at BANK_URL, with its NATS handlers (PSU login for the authorization server, grant
 * revocations). The OB APIs read request bodies themselves, after authorisation and with a 64 KB limit. Ready when its
 * database, NATS and its JetStream settlement queue answer.
 */
export const bankApiService = (): HttpsSandboxService => ({
  module: BankApiModule,
  https: {
    identity: 'bank-api',
    publicUrl: bankConfig().bankUrl,
    natsHandlers: true,
    bodyParser: false,
    readiness: [databaseCheck(BankStore, (store) => store.prisma), natsCheck, settlementQueueCheck],
  },
});
