import type { HttpsSandboxService } from '@fapi/service-runtime';
import { BankApiModule } from './bank-api.module';
import { bankConfig } from './bank-config';

/**
 * bank-api: the OB APIs over mTLS at BANK_URL, with its NATS handlers (PSU login for the authorization server, grant
 * revocations). The OB APIs read request bodies themselves, after authorisation and with a 64 KB limit.
 */
export const bankApiService = (): HttpsSandboxService => ({
  module: BankApiModule,
  https: { identity: 'bank-api', publicUrl: bankConfig().bankUrl, natsHandlers: true, bodyParser: false },
});
