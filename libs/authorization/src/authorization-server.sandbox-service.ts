import { databaseCheck, type HttpsSandboxService, natsCheck } from '@fapi/service-runtime';
import { type AuthorizationServerOptions, authorizationServerOptionsFromEnv } from './authorization-server-options';
import { AuthorizationDatabase, AuthorizationServerModule, mountAuthorizationServer } from './authorization-server.module';
import { providerRouteOf } from './provider/provider-routes';

/**
 * authorization-server at ISSUER, configured from the environment unless options are given (tests). oidc-provider
 * reads raw request bodies itself, so Nest's body parsers stay off; its NATS handlers serve the registered clients'
 * keys (Requests.getClientKeys) the bank verifies TPP signatures with. Ready when its database and NATS answer.
 */
export function authorizationServerService(options: AuthorizationServerOptions = authorizationServerOptionsFromEnv()): HttpsSandboxService {
  return {
    module: AuthorizationServerModule.forRoot(options),
    https: {
      identity: 'authorization-server',
      publicUrl: options.issuer,
      bodyParser: false,
      natsHandlers: true,
      configure: mountAuthorizationServer,
      readiness: [databaseCheck(AuthorizationDatabase, (database) => database.prisma), natsCheck],
      routeOf: providerRouteOf,
    },
  };
}
