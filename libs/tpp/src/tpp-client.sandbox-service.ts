import path from 'node:path';
import { loadOnboardedTpp } from '@fapi/onboarding';
import { assertDatabaseReady, databaseUrl } from '@fapi/persistence';
import { databaseCheck, sandboxConfig, type HttpsSandboxService } from '@fapi/service-runtime';
import { TppClientModule } from './tpp-client.module';
import { TppDatabase } from './tpp-database';

/**
 * tpp-client: the sample fintech at TPP_URL, acting as the TPP onboarded in TPP_ONBOARDED_DIR (default
 * onboarded/tpp-client). Its sessions and its flow inspector's journeys are in its database, so it runs as many
 * instances as asked (SERVICE_STATE); it starts only with that database migrated and is ready when it answers.
 */
export function tppClientService(): HttpsSandboxService {
  const { tppUrl } = sandboxConfig();
  const tpp = loadOnboardedTpp(path.resolve(process.env.TPP_ONBOARDED_DIR || 'onboarded/tpp-client'));
  const url = databaseUrl('tpp');
  return {
    module: TppClientModule.forTpp({ tpp, publicUrl: tppUrl, databaseUrl: url }),
    startupChecks: [() => assertDatabaseReady('tpp', url)],
    https: { identity: 'tpp-client', publicUrl: tppUrl, readiness: [databaseCheck(TppDatabase, (database) => database.prisma)] },
  };
}
