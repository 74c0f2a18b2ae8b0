import { type DynamicModule, Module } from '@nestjs/common';
import { assertNatsAnswers, NatsContractModule } from '@fapi/nats-contract';
import { assertDatabaseReady, databaseUrl } from '@fapi/persistence';
import { databaseCheck, natsCheck, sandboxConfig, type NatsSandboxService } from '@fapi/service-runtime';
import { ConsentDatabase } from './consent-database';
import { ConsentModule } from './consent.module';

/**
 * consent-service: the consent lifecycles on NATS, emitting their status changes on the same NATS server; its health
 * and metrics on HEALTH_PORT (plain HTTP). Starts only with its database migrated and NATS answering; ready when both
 * answer.
 */
export function consentService(): NatsSandboxService {
  const config = sandboxConfig();
  const module: DynamicModule = {
    module: ConsentServiceModule,
    imports: [NatsContractModule.forRoot(config), ConsentModule.forRoot()],
  };
  const startupChecks = [() => assertDatabaseReady('consent', databaseUrl('consent')), () => assertNatsAnswers(config.natsUrl)];
  return { module, startupChecks, nats: { name: 'consent-service', healthPort: config.healthPort, readiness: [databaseCheck(ConsentDatabase, (database) => database.pool), natsCheck] } };
}

@Module({})
class ConsentServiceModule {}
