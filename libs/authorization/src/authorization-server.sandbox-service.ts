import { assertNatsAnswers } from '@fapi/nats-contract';
import { assertDatabaseReady } from '@fapi/persistence';
import { databaseCheck, type HttpsSandboxService, natsCheck } from '@fapi/service-runtime';
import { type AuthorizationServerOptions, authorizationServerOptionsFromEnv } from './authorization-server-options';
import { AuthorizationDatabase, AuthorizationServerModule, authorizationServerRoutes, guardConfiguredHost } from './authorization-server.module';
import { providerRouteOf } from './provider/provider-routes';

/**
 * authorization-server at ISSUER, configured from the environment unless options are given (tests). oidc-provider
 * reads raw request bodies itself, so Nest's body parsers stay off; its NATS handlers serve the registered clients'
 * keys (Requests.getClientKeys) the bank verifies TPP signatures with. Starts only with its database migrated and
 * NATS answering; ready when both answer.
 */
export function authorizationServerService(options: AuthorizationServerOptions = authorizationServerOptionsFromEnv()): HttpsSandboxService {
  return {
    module: AuthorizationServerModule.forRoot(options),
    startupChecks: [() => assertDatabaseReady('authorization', options.databaseUrl), () => assertNatsAnswers(options.natsUrl, options)],
    https: {
      identity: 'authorization-server',
      publicUrl: options.issuer,
      bodyParser: false,
      natsHandlers: true,
      configure: guardConfiguredHost,
      directRoutes: authorizationServerRoutes,
      readiness: [databaseCheck(AuthorizationDatabase, (database) => database.prisma), natsCheck],
      routeOf: providerRouteOf,
    },
  };
}
