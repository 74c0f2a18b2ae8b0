/**
 * The mock ASPSP: UK OB Read/Write v4.0 AISP and PISP over mTLS, the payment settlement worker (NATS JetStream), and
 * the NATS handlers the authorization server uses to log PSUs in. Expects its database migrated
 * (`npm run db:migrate`); seeds the sandbox ledger into an empty one.
 */
import { BankApiModule, bankConfig } from '@fapi/bank';
import { runService, startHttpsService } from '@fapi/service-runtime';

runService(() =>
  startHttpsService(BankApiModule, {
    identity: 'bank-api',
    publicUrl: bankConfig().bankUrl,
    natsHandlers: true,
    // the OB APIs read request bodies themselves, after authorisation and with a 64 KB limit
    bodyParser: false,
  }),
);
